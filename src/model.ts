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

/**
 * Layout-driven sources (state licence boards, state Medicaid exclusion lists). Each loaded
 * layout is its own source named `<kind>:<layout id>` (`board:oh-med`), kept apart from
 * `SOURCES` so the fixed NPPES/LEIE/SAM reports stay as they are.
 */
export const LAYOUT_KINDS = ['board', 'state-list'] as const;
export type LayoutKind = (typeof LAYOUT_KINDS)[number];

/** `verify --sources` names for every loaded layout of a kind. */
export const LAYOUT_GROUPS = { boards: 'board', 'state-lists': 'state-list' } as const;
export type LayoutGroup = keyof typeof LAYOUT_GROUPS;

/** Source name of a layout: `board:oh-med`, `state-list:oh-medicaid`. */
export function layoutSource(kind: LayoutKind, id: string): string {
  return `${kind}:${id}`;
}

/**
 * Files imported into reference.duckdb like a source but never checked against: they feed the
 * export only (the NPPES endpoint file gives Endpoint resources).
 */
export const REFERENCE_FILES = ['nppes-endpoints'] as const;
export type ReferenceFile = (typeof REFERENCE_FILES)[number];

/** Whatever `sources import` takes: a checked source or a reference file. */
export type SnapshotSource = SourceName | ReferenceFile;

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
