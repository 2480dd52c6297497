/**
 * Header lines of the four generated files. The three source headers are rebuilt from their
 * column names and must equal the reference files in /work/shared/reference byte for byte (the
 * test compares them); keeping them in code means the generator needs nothing outside the repo.
 */
import { quoteAlways } from './csv.js';

export const ROSTER_COLUMNS = [
  'Provider NPI',
  'Entity Type',
  'Last Name',
  'First Name',
  'Middle Name',
  'Organization Name',
  'Credential',
  'Date of Birth',
  'Sex',
  'Taxonomy Code',
  'License Number',
  'License State',
  'Group NPI',
  'Group Name',
  'Address Line 1',
  'Address Line 2',
  'City',
  'State',
  'ZIP',
  'Phone',
  'Effective Date',
] as const;

export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

function numbered(count: number, names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i <= count; i++) for (const n of names) out.push(`${n}_${i}`);
  return out;
}

const address = (kind: 'Mailing' | 'Practice Location') => [
  `Provider First Line Business ${kind} Address`,
  `Provider Second Line Business ${kind} Address`,
  `Provider Business ${kind} Address City Name`,
  `Provider Business ${kind} Address State Name`,
  `Provider Business ${kind} Address Postal Code`,
  `Provider Business ${kind} Address Country Code (If outside U.S.)`,
  `Provider Business ${kind} Address Telephone Number`,
  `Provider Business ${kind} Address Fax Number`,
];

/** The 330 column names of the NPPES V2 main file, in file order. */
export const NPPES_COLUMNS: readonly string[] = [
  'NPI',
  'Entity Type Code',
  'Replacement NPI',
  'Employer Identification Number (EIN)',
  'Provider Organization Name (Legal Business Name)',
  'Provider Last Name (Legal Name)',
  'Provider First Name',
  'Provider Middle Name',
  'Provider Name Prefix Text',
  'Provider Name Suffix Text',
  'Provider Credential Text',
  'Provider Other Organization Name',
  'Provider Other Organization Name Type Code',
  ...['Last', 'First', 'Middle'].map((n) => `Provider Other ${n} Name`),
  'Provider Other Name Prefix Text',
  'Provider Other Name Suffix Text',
  'Provider Other Credential Text',
  'Provider Other Last Name Type Code',
  ...address('Mailing'),
  ...address('Practice Location'),
  'Provider Enumeration Date',
  'Last Update Date',
  'NPI Deactivation Reason Code',
  'NPI Deactivation Date',
  'NPI Reactivation Date',
  'Provider Sex Code',
  ...['Last Name', 'First Name', 'Middle Name', 'Title or Position', 'Telephone Number'].map(
    (n) => `Authorized Official ${n}`,
  ),
  ...numbered(15, [
    'Healthcare Provider Taxonomy Code',
    'Provider License Number',
    'Provider License Number State Code',
    'Healthcare Provider Primary Taxonomy Switch',
  ]),
  ...numbered(50, [
    'Other Provider Identifier',
    'Other Provider Identifier Type Code',
    'Other Provider Identifier State',
    'Other Provider Identifier Issuer',
  ]),
  'Is Sole Proprietor',
  'Is Organization Subpart',
  'Parent Organization LBN',
  'Parent Organization TIN',
  ...['Name Prefix Text', 'Name Suffix Text', 'Credential Text'].map(
    (n) => `Authorized Official ${n}`,
  ),
  ...numbered(15, ['Healthcare Provider Taxonomy Group']),
  'Certification Date',
];

export const LEIE_COLUMNS = [
  'LASTNAME',
  'FIRSTNAME',
  'MIDNAME',
  'BUSNAME',
  'GENERAL',
  'SPECIALTY',
  'UPIN',
  'NPI',
  'DOB',
  'ADDRESS',
  'CITY',
  'STATE',
  'ZIP',
  'EXCLTYPE',
  'EXCLDATE',
  'REINDATE',
  'WAIVERDATE',
  'WVRSTATE',
] as const;

export const SAM_COLUMNS = [
  'Classification',
  'Name',
  'Prefix',
  'First',
  'Middle',
  'Last',
  'Suffix',
  'Address 1',
  'Address 2',
  'Address 3',
  'Address 4',
  'City',
  'State / Province',
  'Country',
  'Zip Code',
  'Open Data Flag',
  'Blank (Deprecated)',
  'Unique Entity ID',
  'Exclusion Program',
  'Excluding Agency',
  'CT Code',
  'Exclusion Type',
  'Additional Comments',
  'Active Date',
  'Termination Date',
  'Record Status',
  'Cross-Reference',
  'SAM Number',
  'CAGE',
  'NPI',
  'Creation_Date',
] as const;

/** The 19 columns of the NPPES endpoint file, spelt as shipped (not as the readme prints). */
export const ENDPOINT_COLUMNS = [
  'NPI',
  'Endpoint Type',
  'Endpoint Type Description',
  'Endpoint',
  'Affiliation',
  'Endpoint Description',
  'Affiliation Legal Business Name',
  'Use Code',
  'Use Description',
  'Other Use Description',
  'Content Type',
  'Content Description',
  'Other Content Description',
  'Affiliation Address Line One',
  'Affiliation Address Line Two',
  'Affiliation Address City',
  'Affiliation Address State',
  'Affiliation Address Country',
  'Affiliation Address Postal Code',
] as const;

export type EndpointColumn = (typeof ENDPOINT_COLUMNS)[number];

/** NPPES: every name quoted, LF. */
export const NPPES_HEADER_LINE = NPPES_COLUMNS.map(quoteAlways).join(',') + '\n';
/** NPPES endpoint file: quoted, LF, like the main file. */
export const ENDPOINT_HEADER_LINE = ENDPOINT_COLUMNS.map(quoteAlways).join(',') + '\n';
/** LEIE: names unquoted (values are quoted), CRLF. */
export const LEIE_HEADER_LINE = LEIE_COLUMNS.join(',') + '\r\n';
/** SAM V2 (2022 naming): quoted, CRLF. */
export const SAM_HEADER_LINE = SAM_COLUMNS.map(quoteAlways).join(',') + '\r\n';
