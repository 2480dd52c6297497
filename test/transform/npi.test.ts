import { describe, expect, it } from 'vitest';
import { isValidNpi, npiCheckDigit, npiProblem, withCheckDigit } from '../../src/transform/npi.js';

describe('npi', () => {
  it('accepts the CMS example and known-valid numbers, including check digit 0', () => {
    for (const npi of ['1234567893', '1234567000', '1987654302', '1003000126']) {
      expect(npiProblem(npi), npi).toBeNull();
    }
  });

  it('rejects a wrong check digit, bad formats and the all-zero placeholder', () => {
    expect(npiProblem('1234567890')).toBe('check-digit');
    expect(npiProblem('123456789')).toBe('format');
    expect(npiProblem('12345678931')).toBe('format');
    expect(npiProblem('Valley Clinic')).toBe('format');
    expect(npiProblem('0000000000')).toBe('placeholder');
    expect(isValidNpi(null)).toBe(false);
  });

  it('finds exactly one valid check digit for each of the ten possible digits', () => {
    const seen = new Set<number>();
    for (let stem = 123456780; seen.size < 10; stem++) {
      const s = String(stem);
      const check = npiCheckDigit(s);
      seen.add(check);
      const valid = withCheckDigit(s);
      expect(npiProblem(valid)).toBeNull();
      for (let d = 0; d < 10; d++) {
        if (d !== check) expect(npiProblem(s + d)).toBe('check-digit');
      }
    }
  });
});
