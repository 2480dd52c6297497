import type { MasterRecord } from '../dedupe/record.js';
import { sha256 } from '../dedupe/keys.js';
import { SYSTEMS, meta, nonEmpty, phoneTelecom, reference } from './common.js';
import type { CodeableConcept, ContactPoint, Meta, Reference } from './types.js';

export interface PractitionerRole {
  resourceType: 'PractitionerRole';
  id: string;
  meta: Meta;
  active: true;
  practitioner: Reference;
  organization: Reference;
  specialty?: CodeableConcept[];
  location?: Reference[];
  telecom?: ContactPoint[];
  endpoint?: Reference[];
}

/** What the role knows beyond the practitioner's record. */
export interface RoleContext {
  /** The Location of the practitioner's practice address. */
  locationId?: string | null;
  /** Used when the practitioner has no phone (pd-1 needs telecom or endpoint). */
  fallbackTelecom?: ContactPoint[];
  /** The practitioner's Endpoints for this role (pd-1 is met by these too). */
  endpoint?: Reference[];
}

/**
 * The role id is a hash of the pair so it is stable, fits FHIR's 64-character id rule whatever
 * the master ids look like, and changes only when the pair changes.
 */
export function practitionerRoleId(practitionerId: string, organizationId: string): string {
  return `r-${sha256(`${practitionerId}|${organizationId}`).slice(0, 16)}`;
}

/** One role per practitioner and group organisation; taxonomies in primary-first order. */
export function toPractitionerRole(
  practitionerId: string,
  organizationId: string,
  record: MasterRecord,
  lastUpdated: string,
  context: RoleContext = {},
): PractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    id: practitionerRoleId(practitionerId, organizationId),
    meta: meta('PractitionerRole', lastUpdated),
    active: true,
    practitioner: reference('Practitioner', practitionerId),
    organization: reference('Organization', organizationId),
    specialty: nonEmpty(
      record.taxonomies.map((code) => ({ coding: [{ system: SYSTEMS.nucc, code }] })),
    ),
    location: context.locationId ? [reference('Location', context.locationId)] : undefined,
    telecom: phoneTelecom(record) ?? context.fallbackTelecom,
    endpoint: context.endpoint?.length ? context.endpoint : undefined,
  };
}
