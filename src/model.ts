/**
 * Shared vocabulary of the pipeline: the normalised provider row, check outcomes and sources.
 */

/** Outcomes of a primary-source check (design.md "Outcomes of a check"). */
export const OUTCOMES = [
  'verified',
  'discrepancy',
  'excluded',
  'possible-match',
  'not-found',
  'insufficient-data',
  'source-unavailable',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const SOURCES = ['nppes', 'leie', 'sam'] as const;
export type SourceName = (typeof SOURCES)[number];

export type EntityKind = 'individual' | 'organization';

/**
 * One roster row after normalisation. Every identifier is a string; absent values are null.
 * Dates are ISO `YYYY-MM-DD`.
 */
export interface ProviderRow {
  entityType: EntityKind;
  npi: string | null;
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
  orgName: string | null;
  credential: string | null;
  dob: string | null;
  sex: string | null;
  taxonomy: string | null;
  licenseNumber: string | null;
  licenseState: string | null;
  groupNpi: string | null;
  groupName: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  phone: string | null;
  effectiveDate: string | null;
  /** Roster's own provider type text (`Non-Medical Transportation`); decides atypical rows. */
  providerType: string | null;
  /** Taxpayer Identification Number as `NN-NNNNNNN`; never an SSN-shaped value. */
  tin: string | null;
  /** Generational suffix (`JR`, `III`) taken off a name cell. */
  nameSuffix: string | null;
}

/** Column order used when a ProviderRow is stored or moved between engines. */
export const PROVIDER_FIELDS = [
  'entityType',
  'npi',
  'lastName',
  'firstName',
  'middleName',
  'orgName',
  'credential',
  'dob',
  'sex',
  'taxonomy',
  'licenseNumber',
  'licenseState',
  'groupNpi',
  'groupName',
  'address1',
  'address2',
  'city',
  'state',
  'zip',
  'phone',
  'effectiveDate',
  'providerType',
  'tin',
  'nameSuffix',
] as const satisfies readonly (keyof ProviderRow)[];

export type Severity = 'error' | 'warning';

/** A validation finding on one roster row (or the whole file when record is absent). */
export interface Finding {
  code: string;
  severity: Severity;
  file: string;
  record?: number;
  line?: number;
  field?: string;
  message: string;
}
