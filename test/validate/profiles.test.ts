import { describe, expect, it } from 'vitest';
import { surviveRecord } from '../../src/transform/dedupe/survive.js';
import { PROFILES } from '../../src/transform/fhir/common.js';
import { toLocation } from '../../src/transform/fhir/location.js';
import { toOrganization } from '../../src/transform/fhir/organization.js';
import { toPractitioner } from '../../src/transform/fhir/practitioner.js';
import { toPractitionerRole } from '../../src/transform/fhir/practitioner-role.js';
import { toVerificationResult } from '../../src/transform/fhir/verification.js';
import { checkProfiles } from '../../src/validate/profiles/index.js';
import { NPI, memberRow } from '../transform/dedupe/helpers.js';

const T = '2026-03-01T04:00:00.000Z';
const SITE = { address1: '1 Main', address2: null, city: 'Akron', state: 'OH', zip: '44301' };
const rec = surviveRecord(
  [memberRow(1, { npi: NPI.a, lastName: 'Ito', orgName: 'Valley', phone: '6145550100', ...SITE })],
  NPI.a,
);
const good = {
  Practitioner: toPractitioner('p-1', { ...rec, credential: 'MD' }, T),
  PractitionerRole: toPractitionerRole('p-1', 'o-1', { ...rec, taxonomies: ['207Q00000X'] }, T),
  Organization: toOrganization('o-1', rec, T),
  Location: toLocation(SITE, 'Valley', 'o-1', T),
  VerificationResult: toVerificationResult(
    {
      masterId: 'p-1',
      rowId: 1,
      source: 'nppes',
      outcome: 'verified',
      reason: 'npi-active',
      snapshotId: 's',
      published: '2026-02-01',
      checkedAt: T,
      attestedAt: T,
    },
    'Practitioner',
    'o-state-agency',
    T,
  ),
};

/** The rule ids a resource breaks, after `change` is applied to a copy of it. */
function broken(type: keyof typeof good, change: (r: Record<string, unknown>) => void): string[] {
  const copy = structuredClone(good[type]) as unknown as Record<string, unknown>;
  change(copy);
  return checkProfiles(copy).map((p) => p.rule);
}

describe('Plan-Net and NDH profile rules', () => {
  it('pass every resource credkit builds', () => {
    for (const r of Object.values(good)) expect(checkProfiles(r), r.resourceType).toEqual([]);
  });

  it('require active true where Plan-Net fixes it', () => {
    expect(broken('Practitioner', (r) => (r.active = false))).toEqual([
      'no-inactive',
      'plannet-active',
    ]);
    expect(broken('Organization', (r) => delete r.active)).toEqual(['plannet-active']);
  });

  it('require Location status active and no mode', () => {
    expect(broken('Location', (r) => (r.status = 'inactive'))).toEqual(['plannet-status']);
    expect(broken('Location', (r) => (r.mode = 'instance'))).toEqual(['plannet-mode']);
    expect(broken('Location', (r) => delete r.name)).toEqual(['us-core-name']);
  });

  it('require Organization name, address and a Plan-Net type', () => {
    expect(broken('Organization', (r) => delete r.name)).toEqual(['us-core-name']);
    expect(broken('Organization', (r) => delete r.address)).toEqual(['plannet-address']);
    expect(broken('Organization', (r) => (r.type = [{ text: 'x' }]))).toEqual(['plannet-type']);
  });

  it('require a family name and a qualification code on a Practitioner', () => {
    expect(broken('Practitioner', (r) => (r.name = [{ given: ['A'] }]))).toEqual([
      'us-core-name-family',
    ]);
    expect(broken('Practitioner', (r) => delete r.name)).toEqual(['us-core-name']);
    expect(
      broken('Practitioner', (r) => delete (r.qualification as Record<string, unknown>[])[0].code),
    ).toEqual(['plannet-qualification-code']);
  });

  it('check identifier system and value, and NPIs by us-core-16 and us-core-17', () => {
    const npi = (value: string) => (r: Record<string, unknown>) =>
      ((r.identifier as { value: string }[])[0].value = value);
    expect(broken('Practitioner', npi('12345'))).toEqual(['us-core-16']);
    const wrong = NPI.a.slice(0, 9) + String((Number(NPI.a[9]) + 1) % 10);
    expect(broken('Practitioner', npi(wrong))).toEqual(['us-core-17']);
    expect(
      broken(
        'Organization',
        (r) => delete (r.identifier as object[] & { 0: { system?: string } })[0].system,
      ),
    ).toEqual(['identifier']);
  });

  it('require telecom or endpoint (pd-1) and someone the role belongs to', () => {
    expect(broken('PractitionerRole', (r) => delete r.telecom)).toEqual(['pd-1']);
    expect(
      broken('PractitionerRole', (r) => {
        delete r.practitioner;
        delete r.organization;
      }),
    ).toEqual(['practitioner-or-organization-or-healthcareservice-or-location']);
  });

  it('require the VerificationResult elements NDH makes mandatory', () => {
    expect(broken('VerificationResult', (r) => delete r.need)).toEqual(['ndh-need']);
    expect(broken('VerificationResult', (r) => delete r.target)).toEqual(['ndh-target']);
    expect(
      broken('VerificationResult', (r) => delete (r.attestation as Record<string, unknown>).date),
    ).toEqual(['ndh-attestation-date']);
    expect(broken('VerificationResult', (r) => (r.status = 'ok'))).toEqual(['ndh-status']);
  });

  it('find a birth date, an SSN identifier or an SSN-shaped value anywhere', () => {
    expect(broken('Practitioner', (r) => (r.birthDate = '1980-01-01'))).toEqual(['no-pii']);
    const ssn = { system: 'http://hl7.org/fhir/sid/us-ssn', value: 'x' };
    expect(broken('Practitioner', (r) => (r.identifier as object[]).push(ssn))).toEqual(['no-pii']);
    expect(broken('Location', (r) => (r.name = 'Clinic 123-45-6789'))).toEqual(['no-pii']);
  });

  it('apply profile rules only where meta.profile declares the profile', () => {
    const bare = { resourceType: 'Organization', id: 'x', active: true };
    expect(checkProfiles(bare)).toEqual([]);
    const declared = { ...bare, meta: { profile: [PROFILES.Organization] } };
    expect(checkProfiles(declared).map((p) => p.rule)).toEqual([
      'us-core-name',
      'plannet-address',
      'plannet-type',
    ]);
  });
});
