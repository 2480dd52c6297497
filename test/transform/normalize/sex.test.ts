import { describe, expect, it } from 'vitest';
import { normalizeSex } from '../../../src/transform/normalize/sex.js';

describe('normalizeSex', () => {
  it('maps sex to M, F, X or U', () => {
    const values = ['Male', 'f', 'X', 'unknown'].map((v) => normalizeSex(v).value);
    expect(values).toEqual(['M', 'F', 'X', 'U']);
  });

  it('warns on anything else and drops it', () => {
    expect(normalizeSex('Q')).toMatchObject({ value: null, issue: { code: 'W_SEX' } });
  });
});
