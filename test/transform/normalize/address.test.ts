import { describe, expect, it } from 'vitest';
import { normalizeAddressLine } from '../../../src/transform/normalize/address.js';

describe('USPS address lines', () => {
  it('upper-cases and abbreviates suffixes, units and directionals', () => {
    expect(normalizeAddressLine('12 North Oak Street, Suite 4')).toBe('12 N OAK ST STE 4');
    expect(normalizeAddressLine('100 Main Avenue West')).toBe('100 MAIN AVE W');
    expect(normalizeAddressLine('9 Pine Rd. Apartment 2B')).toBe('9 PINE RD APT 2B');
  });

  it('keeps a suffix word that is part of the street name', () => {
    expect(normalizeAddressLine('1 Court Street')).toBe('1 COURT ST');
    expect(normalizeAddressLine('5 North Street')).toBe('5 NORTH ST');
    expect(normalizeAddressLine('6208 State Route 7')).toBe('6208 STATE ROUTE 7');
  });

  it('keeps # and hyphens, drops other punctuation, and empties to null', () => {
    expect(normalizeAddressLine('  Bldg. 3,  #12-A ')).toBe('BLDG 3 #12-A');
    expect(normalizeAddressLine('...')).toBeNull();
    expect(normalizeAddressLine(null)).toBeNull();
  });
});
