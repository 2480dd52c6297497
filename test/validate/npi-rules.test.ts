import { describe, expect, it } from 'vitest';
import { npiIssue } from '../../src/validate/npi-rules.js';
import { withCheckDigit } from '../../src/transform/npi.js';

describe('npiIssue', () => {
  it('accepts valid NPIs for every check digit, 0 included', () => {
    const digits = new Set<string>();
    for (let stem = 123456780; digits.size < 10; stem++) {
      const npi = withCheckDigit(String(stem));
      digits.add(npi[9]);
      expect(npiIssue(npi, 'NPI'), npi).toBeUndefined();
    }
    expect(npiIssue('1234567000', 'NPI')).toBeUndefined();
  });

  it('calls a wrong check digit E_NPI_CHECKDIGIT', () => {
    expect(npiIssue('1234567890', 'NPI')).toEqual({
      severity: 'error',
      code: 'E_NPI_CHECKDIGIT',
      message: 'NPI 1234567890 fails the NPI check digit',
    });
  });

  it('calls junk, wrong lengths and the placeholder E_NPI_FORMAT, quoting none but it', () => {
    for (const v of ['Valley Clinic', '000', '12345678931']) {
      const issue = npiIssue(v, 'NPI');
      expect(issue?.code, v).toBe('E_NPI_FORMAT');
      expect(issue?.message, v).toBe('NPI is not 10 digits');
    }
    expect(npiIssue('0000000000', 'NPI')).toMatchObject({
      code: 'E_NPI_FORMAT',
      message: 'NPI is the placeholder 0000000000',
    });
  });
});
