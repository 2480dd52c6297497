import type { MasterRecord } from '../dedupe/record.js';
import type { Address, ContactPoint, Identifier, Meta, Reference } from './types.js';

const PLAN_NET = 'http://hl7.org/fhir/us/davinci-pdex-plan-net';
const SD = `${PLAN_NET}/StructureDefinition`;
const NDH_SD = 'http://hl7.org/fhir/us/ndh/StructureDefinition';
const THO = 'http://terminology.hl7.org/CodeSystem';

/** Da Vinci PDex Plan-Net 1.2.0 and NDH 1.0.0 profiles, set in `meta.profile`. */
export const PROFILES = {
  Practitioner: `${SD}/plannet-Practitioner`,
  PractitionerRole: `${SD}/plannet-PractitionerRole`,
  Organization: `${SD}/plannet-Organization`,
  Location: `${SD}/plannet-Location`,
  OrganizationAffiliation: `${SD}/plannet-OrganizationAffiliation`,
  Endpoint: `${SD}/plannet-Endpoint`,
  VerificationResult: `${NDH_SD}/ndh-Verification`,
} as const;
export type ProfiledType = keyof typeof PROFILES;

export const SYSTEMS = {
  npi: 'http://hl7.org/fhir/sid/us-npi',
  identifierType: `${THO}/v2-0203`,
  degree: `${THO}/v2-0360`,
  nucc: 'http://nucc.org/provider-taxonomy',
  orgType: `${PLAN_NET}/CodeSystem/OrgTypeCS`,
  hl7OrgType: `${THO}/organization-type`,
  affiliationRole: `${PLAN_NET}/CodeSystem/OrganizationAffiliationRoleCS`,
  connectionType: `${THO}/endpoint-connection-type`,
  planNetConnectionType: `${PLAN_NET}/CodeSystem/EndpointConnectionTypeCS`,
  endpointPayloadType: `${PLAN_NET}/CodeSystem/EndpointPayloadTypeCS`,
  /** NPPES endpoint types that no THO or Plan-Net connection type fits (SOAP, WEB...). */
  nppesEndpointType: 'urn:credkit:nppes-endpoint-type',
  usps: 'https://www.usps.com/',
  need: `${THO}/need`,
  validationType: `${THO}/validation-type`,
  validationProcess: `${THO}/validation-process`,
  failureAction: `${THO}/failure-action`,
  primarySourceType: `${THO}/primary-source-type`,
  validationStatus: `${THO}/validation-status`,
  communicationMethod: `${THO}/verificationresult-communication-method`,
  provenanceAgent: `${THO}/provenance-participant-type`,
  /** Licence numbers have no national system; one URN per issuing state. */
  license: 'urn:credkit:license',
  /** The master id as an identifier, so it survives a consumer that reassigns logical ids. */
  master: 'urn:credkit:master',
  /** SHA-256 of a roster file as loaded (`roster_batches.file_sha256`). */
  rosterFile: 'urn:credkit:roster-file-sha256',
  /** A source snapshot id (`snapshots.id` in reference.duckdb). */
  snapshot: 'urn:credkit:snapshot',
} as const;

export const PRACTITIONER_QUALIFICATION_EXT = `${SD}/practitioner-qualification`;

/** `meta` with the type's profile; core resources (Provenance, Device) get none. */
export function meta(type: ProfiledType | null, lastUpdated: string): Meta {
  return type ? { lastUpdated, profile: [PROFILES[type]] } : { lastUpdated };
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

export function phoneTelecom(record: Pick<MasterRecord, 'phone'>): ContactPoint[] | undefined {
  return record.phone ? [{ system: 'phone', value: record.phone, use: 'work' }] : undefined;
}

export type AddressParts = Pick<MasterRecord, 'address1' | 'address2' | 'city' | 'state' | 'zip'>;

export function hasAddress(a: AddressParts): boolean {
  return Boolean(a.address1 || a.address2 || a.city || a.state || a.zip);
}

export function toAddress(a: AddressParts): Address {
  const line = [a.address1, a.address2].filter((l): l is string => Boolean(l));
  return {
    use: 'work',
    line: line.length ? line : undefined,
    city: a.city ?? undefined,
    state: a.state ?? undefined,
    postalCode: a.zip ?? undefined,
    country: 'US',
  };
}

export function workAddress(record: AddressParts): Address[] | undefined {
  return hasAddress(record) ? [toAddress(record)] : undefined;
}

/** FHIR forbids empty arrays; builders pass lists through this so they vanish instead. */
export function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}

export function reference(type: string, id: string): Reference {
  return { reference: `${type}/${id}` };
}

/** Code-unit order, not locale order, so the sort is the same on every machine. */
export function byId<T extends { id: string }>(list: T[]): T[] {
  return list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
