import { describe, expect, it } from 'vitest';
import { nameKey, orgKey } from '../../src/transform/match-names.js';

describe('name keys', () => {
  it('ignores case, accents, apostrophes, periods and spacing', () => {
    expect(nameKey("  o'Brien-Núñez ")).toBe('OBRIEN NUNEZ');
    expect(nameKey('St. Mary')).toBe('ST MARY');
    expect(nameKey(' ... ')).toBeNull();
    expect(nameKey(null)).toBeNull();
  });

  it('drops legal-form words from organisation names but never empties a name', () => {
    expect(orgKey('Acme Home Care, Inc.')).toBe('ACME HOME CARE');
    expect(orgKey('SHADY PHARMACY, L.L.C.')).toBe(orgKey('Shady Pharmacy LLC'));
    expect(orgKey('The Company')).toBe('THE COMPANY');
  });
});
