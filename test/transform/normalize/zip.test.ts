import { describe, expect, it } from 'vitest';
import { normalizeZip } from '../../../src/transform/normalize/zip.js';

describe('normalizeZip', () => {
  it('keeps 5-digit ZIPs with their leading zero', () => {
    expect(normalizeZip('02134')).toEqual({ value: '02134' });
  });

  it('writes ZIP+4 as 12345-6789 with or without the hyphen', () => {
    expect(normalizeZip('44301-1234').value).toBe('44301-1234');
    expect(normalizeZip('443011234').value).toBe('44301-1234');
    expect(normalizeZip(' 44301 1234 ').value).toBe('44301-1234');
  });

  it('restores the leading zero a spreadsheet dropped, with a warning', () => {
    expect(normalizeZip('2134')).toMatchObject({ value: '02134', issue: { code: 'W_ZIP' } });
  });

  it('reads the letter O as zero in a ZIP, with a warning', () => {
    expect(normalizeZip('O6424')).toMatchObject({ value: '06424', issue: { code: 'W_ZIP' } });
  });

  it('drops values that are not ZIP codes', () => {
    for (const v of ['123', 'K1A 0B1', '123456']) {
      expect(normalizeZip(v), v).toMatchObject({ value: null, issue: { code: 'W_ZIP' } });
    }
  });
});
