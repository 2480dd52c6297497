import { describe, expect, it } from 'vitest';
import { surviveRecord } from '../../../src/transform/dedupe/survive.js';
import { PROFILES, SYSTEMS } from '../../../src/transform/fhir/common.js';
import { toPractitioner } from '../../../src/transform/fhir/practitioner.js';
import { validateFhirResource } from '../../../src/validate/fhir-schema.js';
import { NPI, memberRow } from '../dedupe/helpers.js';

const T = '2026-03-01T04:00:00.000Z';
const PLAN_NET = 'http://hl7.org/fhir/us/davinci-pdex-plan-net';
const row = {
  npi: NPI.a,
  lastName: 'Rivera',
  firstName: 'Ana',
  middleName: 'M',
  dob: '1980-02-03',
  sex: 'F',
  credential: 'MD',
  licenseNumber: 'L-100',
  licenseState: 'OH',
  address1: '1 Main St',
  city: 'Columbus',
  state: 'OH',
  zip: '43004',
  phone: '6145550100',
};

describe('Practitioner mapping', () => {
  const p = toPractitioner('p-0123456789abcdef', surviveRecord([memberRow(1, row)], NPI.a), T);

  it('carries the Plan-Net profile, lastUpdated, active and the NPI identifier', () => {
    expect(p.meta).toEqual({ lastUpdated: T, profile: [PROFILES.Practitioner] });
    expect(p.active).toBe(true);
    expect(p.identifier[0]).toEqual({
      use: 'official',
      type: { coding: [{ system: SYSTEMS.identifierType, code: 'NPI' }] },
      system: 'http://hl7.org/fhir/sid/us-npi',
      value: NPI.a,
    });
  });

  it('maps name, gender, phone and address', () => {
    expect(p.name).toEqual([
      { use: 'official', text: 'Ana M Rivera', family: 'Rivera', given: ['Ana', 'M'] },
    ]);
    expect(p.gender).toBe('female');
    expect(p.telecom).toEqual([{ system: 'phone', value: '6145550100', use: 'work' }]);
    expect(p.address?.[0]).toMatchObject({
      line: ['1 Main St'],
      city: 'Columbus',
      postalCode: '43004',
    });
  });

  it('maps a licence to a qualification coded to v2-0360 with the board and state', () => {
    expect(p.qualification).toEqual([
      {
        extension: [
          {
            url: `${PLAN_NET}/StructureDefinition/practitioner-qualification`,
            extension: [
              { url: 'status', valueCode: 'active' },
              {
                url: 'whereValid',
                valueCodeableConcept: { coding: [{ system: 'https://www.usps.com/', code: 'OH' }] },
              },
            ],
          },
        ],
        identifier: [{ system: 'urn:credkit:license:OH', value: 'L-100' }],
        code: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0360',
              code: 'MD',
              display: 'Doctor of Medicine',
            },
          ],
          text: 'MD',
        },
        issuer: { display: 'OH state licensing board' },
      },
    ]);
  });

  it('never writes the date of birth', () => {
    expect(JSON.stringify(p)).not.toContain('1980-02-03');
    expect(JSON.stringify(p)).not.toContain('birthDate');
  });

  it('passes the FHIR R4 JSON schema, also with most fields missing', () => {
    expect(validateFhirResource(p)).toEqual([]);
    const bare = toPractitioner('p-1', surviveRecord([memberRow(2, { lastName: 'X' })], null), T);
    expect(bare.identifier).toEqual([
      { use: 'secondary', system: 'urn:credkit:master', value: 'p-1' },
    ]);
    expect(bare.qualification).toBeUndefined();
    expect(validateFhirResource(bare)).toEqual([]);
  });

  it('keeps a credential without a licence as a degree qualification, text only when unmapped', () => {
    const dds = toPractitioner(
      'p-2',
      surviveRecord([memberRow(3, { lastName: 'Y', credential: 'D.D.S.' })], null),
      T,
    );
    expect(dds.qualification?.[0].code).toEqual({ text: 'D.D.S.' });
    expect(dds.qualification?.[0].identifier).toBeUndefined();
    const pa = toPractitioner(
      'p-3',
      surviveRecord([memberRow(4, { lastName: 'Z', credential: 'PA-C' })], null),
      T,
    );
    expect(pa.qualification?.[0].code.coding?.[0].code).toBe('PA');
    expect(validateFhirResource(dds)).toEqual([]);
  });
});
