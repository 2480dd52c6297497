import { describe, expect, it } from 'vitest';
import { normalizeTaxonomy, nuccCodes } from '../../../src/transform/normalize/taxonomy.js';

describe('normalizeTaxonomy', () => {
  it('loads the packaged NUCC code set', () => {
    const codes = nuccCodes();
    expect(codes.size).toBe(883);
    expect(codes.has('207Q00000X')).toBe(true);
  });

  it('accepts a listed code in any case', () => {
    expect(normalizeTaxonomy('207q00000x')).toEqual({ value: '207Q00000X' });
  });

  it('keeps a well-formed code NUCC does not list, with a warning', () => {
    expect(normalizeTaxonomy('999999999X')).toMatchObject({
      value: '999999999X',
      issue: { code: 'W_TAXONOMY', severity: 'warning' },
    });
  });

  it('drops a value that is not shaped like a taxonomy code', () => {
    expect(normalizeTaxonomy('Family Medicine')).toMatchObject({
      value: null,
      issue: { code: 'W_TAXONOMY' },
    });
  });
});
