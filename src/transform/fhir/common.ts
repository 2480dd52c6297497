import type { MasterRecord } from '../dedupe/record.js';
import type { Address, ContactPoint, Identifier, Meta } from './types.js';

const PLAN_NET = 'http://hl7.org/fhir/us/davinci-pdex-plan-net';
const SD = `${PLAN_NET}/StructureDefinition`;

/** Da Vinci PDex Plan-Net 1.2.0 profiles, set in `meta.profile`. */
export const PROFILES = {
  Practitioner: `${SD}/plannet-Practitioner`,
  PractitionerRole: `${SD}/plannet-PractitionerRole`,
  Organization: `${SD}/plannet-Organization`,
} as const;

export const SYSTEMS = {
  npi: 'http://hl7.org/fhir/sid/us-npi',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  nucc: 'http://nucc.org/provider-taxonomy',
  orgType: `${PLAN_NET}/CodeSystem/OrgTypeCS`,
  usps: 'https://www.usps.com/',
  /** Licence numbers have no national system; one URN per issuing state. */
  license: 'urn:credkit:license',
  /** The master id as an identifier, so it survives a consumer that reassigns logical ids. */
  master: 'urn:credkit:master',
} as const;

export const PRACTITIONER_QUALIFICATION_EXT = `${SD}/practitioner-qualification`;

export function meta(type: keyof typeof PROFILES, lastUpdated: string): Meta {
  return { lastUpdated, profile: [PROFILES[type]] };
}

export function npiIdentifier(npi: string): Identifier {
  return {
    use: 'official',
    type: { coding: [{ system: SYSTEMS.identifierType, code: 'NPI' }] },
    system: SYSTEMS.npi,
    value: npi,
  };
}

/** NPI first (when the master has one), then the credkit master id. */
export function identifiers(id: string, npi: string | null): Identifier[] {
  const master: Identifier = { use: 'secondary', system: SYSTEMS.master, value: id };
  return npi ? [npiIdentifier(npi), master] : [master];
}

export function phoneTelecom(record: MasterRecord): ContactPoint[] | undefined {
  return record.phone ? [{ system: 'phone', value: record.phone, use: 'work' }] : undefined;
}

export function workAddress(record: MasterRecord): Address[] | undefined {
  const line = [record.address1, record.address2].filter((l): l is string => Boolean(l));
  if (!line.length && !record.city && !record.state && !record.zip) return undefined;
  return [
    {
      use: 'work',
      line: line.length ? line : undefined,
      city: record.city ?? undefined,
      state: record.state ?? undefined,
      postalCode: record.zip ?? undefined,
      country: 'US',
    },
  ];
}

/** FHIR forbids empty arrays; builders pass lists through this so they vanish instead. */
export function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}

export function reference(type: string, id: string): { reference: string } {
  return { reference: `${type}/${id}` };
}
