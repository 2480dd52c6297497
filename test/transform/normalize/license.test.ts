import { describe, expect, it } from 'vitest';
import { normalizeLicense } from '../../../src/transform/normalize/license.js';

describe('licence numbers', () => {
  it('upper-cases, removes every space and keeps leading zeros', () => {
    expect(normalizeLicense(' ab 12 345 ')).toEqual({ value: 'AB12345' });
    expect(normalizeLicense('00a7731')).toEqual({ value: '00A7731' });
    expect(normalizeLicense('aprn.cnp.774977')).toEqual({ value: 'APRN.CNP.774977' });
  });

  it('keeps odd characters with a warning', () => {
    expect(normalizeLicense('MD*123')).toMatchObject({
      value: 'MD*123',
      issue: { code: 'W_LICENSE', severity: 'warning' },
    });
  });
});
