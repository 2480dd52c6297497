import { describe, expect, it } from 'vitest';
import { surviveField, surviveRecord } from '../../../src/transform/dedupe/survive.js';
import { NPI, memberRow } from './helpers.js';

describe('dedupe survivorship', () => {
  it('keeps the most common non-null value of a field', () => {
    const rows = [
      memberRow(1, { phone: '6145550001' }),
      memberRow(2, { phone: '6145550002' }),
      memberRow(3, { phone: '6145550002' }),
      memberRow(4, { phone: null }),
    ];
    expect(surviveField(rows, 'phone')).toBe('6145550002');
  });

  it('breaks a tie with the latest effective date, then with the lowest row id', () => {
    const byDate = [
      memberRow(1, { credential: 'MD', effectiveDate: '2024-01-01' }),
      memberRow(2, { credential: 'DO', effectiveDate: '2025-06-01' }),
    ];
    expect(surviveField(byDate, 'credential')).toBe('DO');
    const byRow = [
      memberRow(9, { credential: 'MD', effectiveDate: '2025-01-01' }),
      memberRow(4, { credential: 'DO', effectiveDate: '2025-01-01' }),
    ];
    expect(surviveField(byRow, 'credential')).toBe('DO');
  });

  it('survives the address as one unit so parts of two addresses never mix', () => {
    const home = { address1: '1 Main St', city: 'Columbus', state: 'OH', zip: '43004' };
    const rows = [
      memberRow(1, home),
      memberRow(2, home),
      memberRow(3, { address1: '9 Elm St', city: 'Dayton', state: 'OH', zip: '45402' }),
      memberRow(4, { address1: '9 Elm St', city: null, state: 'OH', zip: '45402' }),
    ];
    const r = surviveRecord(rows, NPI.a);
    expect([r.address1, r.city, r.zip]).toEqual(['1 Main St', 'Columbus', '43004']);
  });

  it('lists taxonomies primary first, distinct licences and other valid group NPIs', () => {
    const rows = [
      memberRow(1, {
        taxonomy: '207Q00000X',
        licenseNumber: 'L1',
        licenseState: 'OH',
        groupNpi: NPI.group,
      }),
      memberRow(2, {
        taxonomy: '207R00000X',
        licenseNumber: 'L1',
        licenseState: 'OH',
        groupNpi: NPI.a,
      }),
      memberRow(3, {
        taxonomy: '207R00000X',
        licenseNumber: 'K7',
        licenseState: 'KY',
        groupNpi: '12345',
      }),
    ];
    const r = surviveRecord(rows, NPI.a);
    expect(r.taxonomies).toEqual(['207R00000X', '207Q00000X']);
    expect(r.taxonomy).toBe('207R00000X');
    expect(r.licenses).toEqual([
      { number: 'L1', state: 'OH' },
      { number: 'K7', state: 'KY' },
    ]);
    expect(r.groupNpis).toEqual([NPI.group]);
    expect(r.sourceRows).toEqual([1, 2, 3]);
    expect(r.origin).toBe('roster');
  });

  it('takes the NPI from the match key, not from the rows', () => {
    const r = surviveRecord([memberRow(1, { npi: '1234567890' })], null);
    expect(r.npi).toBeNull();
  });
});
