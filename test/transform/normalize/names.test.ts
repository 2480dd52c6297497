import { describe, expect, it } from 'vitest';
import { nameKey, normalizeName } from '../../../src/transform/normalize/names.js';
import { cleanText } from '../../../src/transform/normalize/text.js';

describe('names and text', () => {
  it('trims text and reads placeholders as absent', () => {
    expect(cleanText('  Suite 4 ')).toBe('Suite 4');
    const blanks = [undefined, '', '   ', 'N/A', '<UNAVAIL>', '--'].map(cleanText);
    expect(blanks).toEqual([null, null, null, null, null, null]);
  });

  it('keeps names in their given case and composes accents', () => {
    expect(normalizeName('  de la Cruz ')).toBe('de la Cruz');
    expect(normalizeName('Jose\u0301')).toBe('Jos\u00e9');
  });

  it('compares names without case, accents or punctuation', () => {
    expect(nameKey("O'Brien-Muñoz")).toBe('O BRIEN MUNOZ');
  });
});
