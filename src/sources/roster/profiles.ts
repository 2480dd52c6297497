import type { EntityKind, ProviderRow } from '../../model.js';
import type { DateFormat } from '../../transform/normalize/dates.js';

export type RosterField = keyof ProviderRow;

/**
 * How one kind of roster maps onto ProviderRow. Plain data, so that profiles can later also be
 * read from JSON files. Header names are compared folded (see `foldHeader`), so `Last Name`,
 * `LAST_NAME` and `last-name` are the same alias.
 */
export interface RosterProfile {
  name: string;
  /** Header aliases per field; the first one is the name used in messages. */
  columns: Readonly<Partial<Record<RosterField, readonly string[]>>>;
  /** Each entry is satisfied when at least one of its fields has a column. */
  required: readonly (readonly RosterField[])[];
  /** Layouts accepted in date columns; a value two layouts read differently is an error. */
  dateFormats: readonly DateFormat[];
  /** What the profile's file says of the roster it reads (see `profile-file.ts`). */
  source?: ProfileSource;
  /** Entity type of every row, for rosters that have no such column. */
  entityType?: EntityKind;
  /** Raw cell values replaced before normalisation, per field (keys compared trimmed). */
  values?: Readonly<Partial<Record<RosterField, ReadonlyMap<string, string>>>>;
}

/** Formats a profile may be written for. */
export const PROFILE_FORMATS = ['csv', 'xlsx', 'xml'] as const;
export type ProfileFormat = (typeof PROFILE_FORMATS)[number];

/** Reader settings a profile file can carry; command-line flags override them. */
export interface ProfileSource {
  format?: ProfileFormat;
  delimiter?: string;
  encoding?: string;
  /** Worksheet name, or its 1-based position, for `.xlsx`. */
  sheet?: string;
  /** Excel row number of the header, for `.xlsx`. @default the first non-empty row */
  headerRow?: number;
  /** Slash-separated element path of the repeating record element, for XML. */
  recordPath?: string;
  /** Largest XML file read, in bytes. */
  maxBytes?: number;
}

/** Header names folded for comparison: lower case, `#` read as "number", only letters/digits. */
export function foldHeader(name: string): string {
  return name
    .toLowerCase()
    .replace(/#/g, 'number')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The built-in profile for rosters with recognisable English column names. */
export const GENERIC_PROFILE: RosterProfile = {
  name: 'generic',
  columns: {
    entityType: ['Entity Type', 'Entity Type Code', 'Entity'],
    npi: ['NPI', 'Provider NPI', 'NPI Number', 'NPI #', 'Individual NPI', 'Rendering NPI'],
    lastName: ['Last Name', 'Surname', 'Family Name', 'Provider Last Name', 'Last'],
    firstName: ['First Name', 'Given Name', 'Provider First Name', 'First'],
    middleName: ['Middle Name', 'Middle Initial', 'MI', 'Provider Middle Name', 'Middle'],
    orgName: [
      'Organization Name',
      'Organisation Name',
      'Org Name',
      'Legal Business Name',
      'Business Name',
      'Practice Name',
      'Facility Name',
      'Provider Organization Name',
    ],
    credential: ['Credential', 'Credentials', 'Degree', 'Provider Credential Text'],
    dob: ['Date of Birth', 'DOB', 'Birth Date', 'Birthdate'],
    sex: ['Sex', 'Gender', 'Sex Code', 'Gender Code'],
    taxonomy: ['Taxonomy Code', 'Taxonomy', 'Primary Taxonomy', 'Primary Taxonomy Code'],
    licenseNumber: [
      'License Number',
      'License #',
      'License No',
      'License',
      'Licence Number',
      'State License Number',
    ],
    licenseState: ['License State', 'License State Code', 'Licence State', 'License Issuing State'],
    groupNpi: ['Group NPI', 'Billing NPI', 'Organization NPI', 'Pay To NPI'],
    groupName: ['Group Name', 'Billing Group Name', 'Billing Provider Name'],
    address1: ['Address Line 1', 'Address 1', 'Address', 'Street Address', 'Practice Address'],
    address2: ['Address Line 2', 'Address 2', 'Suite'],
    city: ['City', 'Practice City'],
    state: ['State', 'State Code', 'Practice State'],
    zip: ['ZIP', 'Zip Code', 'Postal Code', 'ZIP+4', 'Practice ZIP'],
    phone: ['Phone', 'Phone Number', 'Telephone', 'Telephone Number', 'Practice Phone'],
    effectiveDate: ['Effective Date', 'Start Date', 'Enrollment Effective Date'],
    // Optional. A `Provider Type` holding I/O or 1/2 still sets the entity type (roster-rules).
    providerType: ['Provider Type', 'Provider Category', 'Service Type'],
    tin: ['TIN', 'Tax ID', 'Tax ID Number', 'EIN', 'Federal Tax ID', 'Taxpayer ID'],
    nameSuffix: ['Name Suffix', 'Suffix', 'Generational Suffix'],
  },
  required: [['npi'], ['lastName', 'orgName']],
  dateFormats: ['MM/DD/YYYY', 'M/D/YYYY', 'YYYY-MM-DD'],
};

/** Profiles selectable by name with `--profile NAME`. */
export const BUILT_IN_PROFILES: Readonly<Record<string, RosterProfile>> = {
  generic: GENERIC_PROFILE,
};
