import { PROVIDER_FIELDS, type ProviderRow } from '../../model.js';
import {
  licenseOf,
  npiOf,
  nuccCode,
  personName,
  phoneOf,
  postalAddress,
  sexOf,
  str,
  type Json,
  type PostalAddress,
} from './elements.js';
import type { JoinIndex, RoleSummary } from './join-index.js';

/**
 * The header of every FHIR roster: credkit's own field names, which the roster profile maps
 * one to one (`lastName` folds to the `Last Name` alias).
 */
export const FHIR_HEADER: string[] = [...PROVIDER_FIELDS];

type Cells = Partial<Record<keyof ProviderRow, string | undefined>>;

/**
 * One roster record for a Practitioner, joined with its first PractitionerRole that names an
 * organisation (else its first role): group NPI and name from that Organization, taxonomy from
 * the role's NUCC specialty, and the role's Location where the Practitioner has no address or
 * phone of its own. Further roles are not rows: ProviderRow holds one group.
 */
export function practitionerCells(p: Json, index: JoinIndex, fullUrl?: string): string[] {
  const roles = index.rolesOf(p, fullUrl);
  const role = roles.find((r) => r.organization) ?? roles[0];
  const org = role?.organization ? index.organizations.get(role.organization) : undefined;
  const site = role?.location ? index.locations.get(role.location) : undefined;
  const name = personName(p);
  const license = licenseOf(p);
  const cells: Cells = {
    entityType: 'individual',
    npi: npiOf(p),
    lastName: name.family,
    firstName: name.given,
    middleName: name.middle,
    credential: license.credential,
    dob: str(p.birthDate),
    sex: sexOf(p),
    taxonomy: role?.taxonomy ?? firstTaxonomy(roles) ?? qualificationTaxonomy(p),
    licenseNumber: license.number,
    licenseState: license.state,
    groupNpi: org?.npi,
    groupName: org?.name,
    ...addressCells(postalAddress(p) ?? site?.address),
    phone: phoneOf(p) ?? role?.phone ?? site?.phone,
    effectiveDate: role?.start,
  };
  return toValues(cells);
}

/** One roster record for an Organization (entity type 2). */
export function organizationCells(o: Json): string[] {
  const cells: Cells = {
    entityType: 'organization',
    npi: npiOf(o),
    orgName: str(o.name),
    ...addressCells(postalAddress(o)),
    phone: phoneOf(o),
  };
  return toValues(cells);
}

/** A NUCC code the Practitioner carries as a qualification (Plan-Net allows specialties there). */
function qualificationTaxonomy(p: Json): string | undefined {
  const quals = Array.isArray(p.qualification) ? (p.qualification as Json[]) : [];
  return quals.map((q) => nuccCode([q.code])).find(Boolean);
}

function firstTaxonomy(roles: RoleSummary[]): string | undefined {
  return roles.map((r) => r.taxonomy).find(Boolean);
}

function addressCells(a: PostalAddress | undefined): Cells {
  if (!a) return {};
  return { address1: a.line1, address2: a.line2, city: a.city, state: a.state, zip: a.zip };
}

function toValues(cells: Cells): string[] {
  return PROVIDER_FIELDS.map((f) => cells[f] ?? '');
}
