import { describe, expect, it } from 'vitest';
import { nameKey, normalizeName, repairMojibake } from '../../../src/transform/normalize/names.js';
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

describe('mojibake repair', () => {
  it('repairs UTF-8 that was decoded as windows-1252 once', () => {
    expect(repairMojibake('JosÃ©')).toBe('José');
    expect(repairMojibake('MUÃ‘OZ')).toBe('MUÑOZ');
    expect(repairMojibake('PeÃ±a NiÃ±o')).toBe('Peña Niño');
    expect(repairMojibake('Oâ€™Brien')).toBe('O’Brien');
  });

  it('leaves correct text alone and repairs only one layer', () => {
    expect(['José', 'O’Brien', 'Zoë', 'Ã', 'ÃX'].map(repairMojibake)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(repairMojibake('JosÃƒÂ©')).toBe('JosÃ©');
  });
});
