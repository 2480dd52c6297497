import { describe, expect, it } from 'vitest';
import { surviveRecord } from '../../../src/transform/dedupe/survive.js';
import {
  practitionerRoleId,
  toPractitionerRole,
} from '../../../src/transform/fhir/practitioner-role.js';
import { validateFhirResource } from '../../../src/validate/fhir-schema.js';
import { NPI, memberRow } from '../dedupe/helpers.js';

const T = '2026-03-01T04:00:00.000Z';

describe('PractitionerRole mapping', () => {
  const record = surviveRecord(
    [
      memberRow(1, { npi: NPI.a, taxonomy: '207Q00000X', phone: '6145550100' }),
      memberRow(2, { npi: NPI.a, taxonomy: '207R00000X' }),
      memberRow(3, { npi: NPI.a, taxonomy: '207R00000X' }),
    ],
    NPI.a,
  );
  const role = toPractitionerRole('p-aaaa', 'o-bbbb', record, T);

  it('links the practitioner and the organisation by relative reference', () => {
    expect(role.practitioner).toEqual({ reference: 'Practitioner/p-aaaa' });
    expect(role.organization).toEqual({ reference: 'Organization/o-bbbb' });
    expect(role.active).toBe(true);
  });

  it('lists NUCC specialties with the primary (most frequent) first', () => {
    expect(role.specialty?.map((s) => s.coding?.[0].code)).toEqual(['207R00000X', '207Q00000X']);
    expect(role.specialty?.[0].coding?.[0].system).toBe('http://nucc.org/provider-taxonomy');
  });

  it('has a stable id that is a valid FHIR id and differs per pair', () => {
    const long = 'p-' + 'x'.repeat(62);
    for (const id of [role.id, practitionerRoleId(long, long)]) {
      expect(id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
    }
    expect(practitionerRoleId('p-aaaa', 'o-bbbb')).toBe(role.id);
    expect(practitionerRoleId('p-aaaa', 'o-cccc')).not.toBe(role.id);
  });

  it('passes the FHIR R4 JSON schema', () => {
    expect(validateFhirResource(role)).toEqual([]);
  });
});
