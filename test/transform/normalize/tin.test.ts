import { describe, expect, it } from 'vitest';
import { normalizeTin } from '../../../src/transform/normalize/tin.js';

describe('TIN', () => {
  it('writes nine digits as NN-NNNNNNN', () => {
    expect(normalizeTin('123456789')).toEqual({ value: '12-3456789' });
    expect(normalizeTin(' 12-3456789 ')).toEqual({ value: '12-3456789' });
  });

  it('restores a leading zero a spreadsheet dropped, with a warning', () => {
    expect(normalizeTin('12345678')).toMatchObject({
      value: '01-2345678',
      issue: { code: 'W_TIN' },
    });
  });

  it('never stores a value written like an SSN', () => {
    const out = normalizeTin('900-12-3456');
    expect(out).toMatchObject({ value: null, issue: { code: 'W_TIN_SSN', severity: 'warning' } });
    expect(out.issue?.message).not.toMatch(/900|3456/);
  });

  it('drops wrong lengths, letters and placeholders with W_TIN', () => {
    for (const bad of ['1234', '12-34567890', 'EIN 12345', '000000000', '999-999-999']) {
      expect(normalizeTin(bad)).toMatchObject({ value: null, issue: { code: 'W_TIN' } });
    }
  });
});
