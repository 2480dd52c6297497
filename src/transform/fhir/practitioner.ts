import type { License, MasterRecord } from '../dedupe/record.js';
import {
  PRACTITIONER_QUALIFICATION_EXT,
  SYSTEMS,
  identifiers,
  meta,
  nonEmpty,
  phoneTelecom,
  workAddress,
} from './common.js';
import type { Address, CodeableConcept, ContactPoint, Extension, HumanName } from './types.js';
import type { Identifier, Meta, Reference } from './types.js';
import { credentialConcept } from './degrees.js';

export interface Practitioner {
  resourceType: 'Practitioner';
  id: string;
  meta: Meta;
  identifier: Identifier[];
  active: true;
  name?: HumanName[];
  telecom?: ContactPoint[];
  address?: Address[];
  gender?: 'male' | 'female' | 'other' | 'unknown';
  qualification?: Qualification[];
}

export interface Qualification {
  extension: Extension[];
  identifier?: Identifier[];
  code: CodeableConcept;
  issuer?: Reference;
}

const GENDERS: Record<string, Practitioner['gender']> = {
  M: 'male',
  F: 'female',
  X: 'other',
  U: 'unknown',
};

/**
 * A practitioner master as a Plan-Net Practitioner. Only active masters are exported, so
 * `active` is always true (Plan-Net fixes it). DOB, SSN and TIN are never mapped.
 */
export function toPractitioner(
  id: string,
  record: MasterRecord,
  lastUpdated: string,
): Practitioner {
  return {
    resourceType: 'Practitioner',
    id,
    meta: meta('Practitioner', lastUpdated),
    identifier: identifiers(id, record.npi),
    active: true,
    name: personName(record),
    telecom: phoneTelecom(record),
    address: workAddress(record),
    gender: record.sex ? GENDERS[record.sex.trim().charAt(0).toUpperCase()] : undefined,
    qualification: qualifications(record),
  };
}

/** `text` is the display form: given names then family name. */
export function personName(record: MasterRecord): HumanName[] | undefined {
  const given = [record.firstName, record.middleName].filter((n): n is string => Boolean(n));
  const family = record.lastName ?? undefined;
  if (!family && !given.length) return undefined;
  const text = [...given, family].filter(Boolean).join(' ');
  return [{ use: 'official', text, family, given: nonEmpty(given) }];
}

/**
 * One qualification per licence; a credential without any licence still goes out as a degree
 * qualification, since Plan-Net codes degrees in the same element.
 */
export function qualifications(record: MasterRecord): Qualification[] | undefined {
  const list = record.licenses.map((l) => qualification(l, record.credential));
  if (!list.length && record.credential) list.push(degreeQualification(record.credential));
  // Plan-Net codes specialties here too (its value set holds the NUCC codes), so a
  // practitioner exported without any PractitionerRole still carries its taxonomies.
  for (const code of record.taxonomies) list.push(taxonomyQualification(code));
  return nonEmpty(list);
}

function taxonomyQualification(code: string): Qualification {
  return {
    extension: [qualificationExtension(null)],
    code: { coding: [{ system: SYSTEMS.nucc, code }] },
  };
}

/**
 * A state licence as a qualification with the Plan-Net `practitioner-qualification`
 * extension (`status` active, `whereValid` the state). `code` is the credential coded to
 * v2-0360 where it maps, keeping the roster text; the issuer is the state's licensing board,
 * by display only because no board resource exists.
 */
export function qualification(license: License, credential: string | null): Qualification {
  const state = license.state?.toUpperCase() ?? null;
  const system = state ? `${SYSTEMS.license}:${state}` : SYSTEMS.license;
  return {
    extension: [qualificationExtension(state)],
    identifier: [{ system, value: license.number }],
    code: credential ? credentialConcept(credential) : { text: 'License' },
    issuer: state ? { display: `${state} state licensing board` } : undefined,
  };
}

function degreeQualification(credential: string): Qualification {
  return { extension: [qualificationExtension(null)], code: credentialConcept(credential) };
}

function qualificationExtension(state: string | null): Extension {
  const parts: Extension[] = [{ url: 'status', valueCode: 'active' }];
  if (state) {
    parts.push({
      url: 'whereValid',
      valueCodeableConcept: { coding: [{ system: SYSTEMS.usps, code: state }] },
    });
  }
  return { url: PRACTITIONER_QUALIFICATION_EXT, extension: parts };
}
