import { describe, expect, it } from 'vitest';
import { normalizeState } from '../../../src/transform/normalize/state.js';

describe('normalizeState', () => {
  it('accepts USPS codes in any case', () => {
    expect(normalizeState('OH')).toEqual({ value: 'OH' });
    expect(normalizeState('oh')).toEqual({ value: 'OH' });
    expect(normalizeState('PR').value).toBe('PR');
  });

  it('maps full state names to their codes', () => {
    expect(normalizeState('Ohio').value).toBe('OH');
    expect(normalizeState('GEORGIA').value).toBe('GA');
    expect(normalizeState('new  york').value).toBe('NY');
    expect(normalizeState('District of Columbia').value).toBe('DC');
  });

  it('keeps an unknown value as given with a W_STATE warning', () => {
    expect(normalizeState('GAS', 'License State')).toEqual({
      value: 'GAS',
      issue: {
        code: 'W_STATE',
        severity: 'warning',
        message: 'License State is not a USPS state code or name; kept as given',
      },
    });
  });
});
