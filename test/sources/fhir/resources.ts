/** Plan-Net shaped test resources with Luhn-valid test NPIs; every value is invented. */

const NPI = 'http://hl7.org/fhir/sid/us-npi';
const QUAL_EXT =
  'http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/practitioner-qualification';

export function practitioner(id: string, npi: string, family: string, extra: object = {}) {
  return {
    resourceType: 'Practitioner',
    id,
    identifier: [{ system: NPI, value: npi }],
    active: true,
    name: [{ family, given: ['Ana', 'Maria'] }],
    gender: 'female',
    qualification: [
      {
        extension: [
          {
            url: QUAL_EXT,
            extension: [
              { url: 'status', valueCode: 'active' },
              {
                url: 'whereValid',
                valueCodeableConcept: { coding: [{ system: 'https://www.usps.com/', code: 'OH' }] },
              },
            ],
          },
        ],
        identifier: [{ system: 'urn:credkit:license:OH', value: '00A7731' }],
        code: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0360', code: 'MD' }],
        },
      },
    ],
    ...extra,
  };
}

export function organization(id: string, npi: string, name: string) {
  return {
    resourceType: 'Organization',
    id,
    identifier: [{ system: NPI, value: npi }],
    active: true,
    name,
    telecom: [{ system: 'phone', value: '614-555-0100', use: 'work' }],
    address: [
      { use: 'work', line: ['9 Pine St'], city: 'Akron', state: 'OH', postalCode: '44301' },
    ],
  };
}

export function location(id: string) {
  return {
    resourceType: 'Location',
    id,
    name: 'Valley Clinic Akron',
    telecom: [{ system: 'phone', value: '330-555-0199' }],
    address: { line: ['12 Oak St', 'Suite 4'], city: 'Columbus', state: 'OH', postalCode: '43004' },
  };
}

export function role(id: string, practitionerRef: string, orgRef: string, locationRef?: string) {
  return {
    resourceType: 'PractitionerRole',
    id,
    active: true,
    practitioner: { reference: practitionerRef },
    organization: { reference: orgRef },
    ...(locationRef ? { location: [{ reference: locationRef }] } : {}),
    specialty: [{ coding: [{ system: 'http://nucc.org/provider-taxonomy', code: '207Q00000X' }] }],
    period: { start: '2024-01-01' },
  };
}

export const ndjson = (...resources: object[]) =>
  resources.map((r) => JSON.stringify(r)).join('\n') + '\n';
