/**
 * Expected outcomes of the roster bad-input corpus (test/fixtures/roster/corpus), one entry per
 * file; corpus.test.ts runs them. Letters and numbers (`b12-...`) refer to reliability.md Part 3.
 */
import type { LoadRosterOptions, RowCounts } from '../../../src/pipeline/load-roster.js';

/** A whole-file failure: the start of `CredkitError.toLine()` up to the message. */
export interface Fails {
  file: string;
  opts?: LoadRosterOptions;
  error: string;
}

/** A load: counts, every finding as `CODE record N (line L) [field]`, and stored columns. */
export interface Loads {
  file: string;
  opts?: LoadRosterOptions;
  rows: RowCounts;
  findings: string[];
  stored?: Record<number, Record<string, unknown>>;
}

const ok = (read: number, loaded: number, rejected = 0, skipped = 0): RowCounts => ({
  read,
  loaded,
  rejected,
  skipped,
});

export const FAILS: Fails[] = [
  { file: 'b02-cp1252-as-utf8.csv', error: 'E_ENCODING b02-cp1252-as-utf8.csv (line 2, col 13)' },
  {
    file: 'b02-cp1252-undefined-byte.csv',
    opts: { encoding: 'windows-1252' },
    error: 'E_ENCODING b02-cp1252-undefined-byte.csv (line 2, col 19)',
  },
  { file: 'b02-utf16.csv', error: 'E_ENCODING b02-utf16.csv' },
  { file: 'b02-utf8-cut-off.csv', error: 'E_ENCODING b02-utf8-cut-off.csv (line 2, col 20)' },
  { file: 'b04-empty.csv', error: 'E_EMPTY b04-empty.csv' },
  { file: 'b04-header-only.csv', error: 'E_EMPTY b04-header-only.csv' },
  { file: 'b04-nul.csv', error: 'E_BINARY b04-nul.csv (line 2)' },
  { file: 'b05-dup-header.csv', error: 'E_DUP_HEADER b05-dup-header.csv (line 1, col 3)' },
  {
    file: 'b05-dup-header-case.csv',
    error: 'E_DUP_HEADER b05-dup-header-case.csv (line 1, col 4)',
  },
  {
    file: 'b06-ambiguous-columns.csv',
    error: 'E_AMBIGUOUS_COLUMN b06-ambiguous-columns.csv (line 1, col 2)',
  },
  {
    file: 'b06-missing-required.csv',
    error: 'E_MISSING_COLUMN b06-missing-required.csv (line 1)',
  },
  // Known limit: no header-row option for delimited files, so a title row fails the mapping.
  { file: 'b10-title-row.csv', error: 'E_MISSING_COLUMN b10-title-row.csv (line 1)' },
  {
    file: 'd-wrong-delimiter.csv',
    opts: { delimiter: ',' },
    error: 'E_MISSING_COLUMN d-wrong-delimiter.csv (line 1)',
  },
];

export const LOADS: Loads[] = [
  { file: 'b01-bom.csv', rows: ok(1, 1), findings: [], stored: { 1: { npi: '1987654302' } } },
  { file: 'b01-bom-tab.tsv', rows: ok(1, 1), findings: [], stored: { 1: { last_name: 'Okafor' } } },
  {
    file: 'b02-cp1252-declared.csv',
    opts: { encoding: 'windows-1252' },
    rows: ok(2, 2),
    findings: [],
    stored: { 1: { last_name: 'O’Brien', first_name: 'José' }, 2: { last_name: 'Peña' } },
  },
  {
    file: 'b03-mojibake.csv',
    rows: ok(1, 1),
    findings: ['W_MOJIBAKE_REPAIRED record 1 (line 2) [firstName]'],
    stored: { 1: { first_name: 'José' } },
  },
  {
    file: 'b03-mojibake-upper.csv',
    rows: ok(2, 2),
    findings: [
      'W_MOJIBAKE_REPAIRED record 1 (line 2) [lastName]',
      'W_MOJIBAKE_REPAIRED record 1 (line 2) [city]',
    ],
    stored: { 1: { last_name: 'MUÑOZ', city: 'ESPAÑOLA' }, 2: { last_name: 'Okafor' } },
  },
  { file: 'b04-cr-only.csv', rows: ok(2, 2), findings: [], stored: { 2: { line: 3 } } },
  {
    file: 'b04-whitespace-lines.csv',
    rows: ok(5, 2, 0, 3),
    findings: [],
    stored: { 2: { line: 6 } },
  },
  {
    file: 'b06-header-drift.csv',
    rows: ok(1, 1),
    findings: ['W_UNKNOWN_COLUMN (line 1)', 'W_UNKNOWN_COLUMN (line 1)'],
  },
  {
    file: 'b07-quoted-newline.csv',
    rows: ok(3, 2, 1),
    findings: ['E_NPI_CHECKDIGIT record 3 (line 5) [npi]'],
    stored: { 1: { line: 2, address1: '12 OAK ST STE 4' }, 2: { line: 4 } },
  },
  {
    file: 'b07-quoted-crlf.csv',
    rows: ok(2, 2),
    findings: [],
    stored: { 1: { address2: 'STE 4 BACK' }, 2: { line: 4 } },
  },
  // Known limit: no W_QUOTE_REPAIR; a value opened by a doubled quote is rejected by count.
  {
    file: 'b08-broken-escaping.csv',
    rows: ok(2, 1, 1),
    findings: ['W_UNKNOWN_COLUMN (line 1)', 'E_FIELD_COUNT record 1 (line 2)'],
  },
  {
    file: 'b09-ragged-short.csv',
    rows: ok(2, 1, 1),
    findings: ['E_FIELD_COUNT record 1 (line 2)'],
  },
  { file: 'b09-ragged-long.csv', rows: ok(2, 1, 1), findings: ['E_FIELD_COUNT record 1 (line 2)'] },
  {
    file: 'b09-unterminated-quote.csv',
    rows: ok(2, 1, 1),
    findings: ['E_QUOTE_NOT_CLOSED record 2 (line 3)'],
  },
  { file: 'b10-date-in-header.csv', rows: ok(1, 1), findings: ['W_UNKNOWN_COLUMN (line 1)'] },
  {
    file: 'b11-leading-zeros.csv',
    rows: ok(1, 1),
    findings: [],
    stored: { 1: { zip: '02134', tin: '01-2345678', license_number: '00A7731' } },
  },
  {
    file: 'b11-zeros-dropped.csv',
    rows: ok(1, 1),
    findings: ['W_ZIP record 1 (line 2) [zip]', 'W_TIN record 1 (line 2) [tin]'],
    stored: { 1: { zip: '02134', tin: '01-2345678' } },
  },
  { file: 'b12-day-first.csv', rows: ok(1, 0, 1), findings: ['E_DATE record 1 (line 2) [dob]'] },
  {
    file: 'b12-month-first.csv',
    rows: ok(1, 1),
    findings: [],
    stored: { 1: { dob: '1971-03-04' } },
  },
  {
    file: 'b12-two-digit-year.csv',
    rows: ok(1, 0, 1),
    findings: ['E_DATE record 1 (line 2) [dob]'],
  },
  { file: 'b12-excel-serial.csv', rows: ok(1, 0, 1), findings: ['E_DATE record 1 (line 2) [dob]'] },
  { file: 'b12-timestamp.csv', rows: ok(1, 1), findings: [], stored: { 1: { dob: '1997-09-03' } } },
  {
    file: 'b12-sentinel.csv',
    rows: ok(1, 1),
    findings: ['W_DATE record 1 (line 2) [dob]'],
    stored: { 1: { dob: null } },
  },
  { file: 'b12-zero-date.csv', rows: ok(1, 1), findings: [], stored: { 1: { dob: null } } },
  {
    file: 'b12-impossible-day.csv',
    rows: ok(1, 0, 1),
    findings: ['E_DATE record 1 (line 2) [dob]'],
  },
  { file: 'b12-future.csv', rows: ok(1, 0, 1), findings: ['E_DATE record 1 (line 2) [dob]'] },
  {
    file: 'b13-npi-junk.csv',
    rows: ok(8, 2, 6),
    findings: [
      'E_NPI_FORMAT record 1 (line 2) [npi]',
      'E_NPI_FORMAT record 2 (line 3) [npi]',
      'E_NPI_FORMAT record 3 (line 4) [npi]',
      'E_NPI_CHECKDIGIT record 4 (line 5) [npi]',
      'E_NPI_FORMAT record 7 (line 8) [npi]',
      'E_NPI_FORMAT record 8 (line 9) [npi]',
    ],
    stored: { 5: { npi: '1234567893' }, 6: { npi: '1234567000' } },
  },
  {
    file: 'b13-check-digits.csv',
    rows: ok(10, 10),
    findings: [],
    stored: { 1: { npi: '1234567000' }, 10: { npi: '1234567059' } },
  },
  {
    file: 'b14-placeholders.csv',
    rows: ok(4, 1, 3),
    findings: [
      'E_NPI_FORMAT record 2 (line 3) [npi]',
      'E_REQUIRED record 3 (line 4) [lastName]',
      'E_NPI_REQUIRED record 4 (line 5) [npi]',
    ],
    stored: { 1: { city: null, state: null, phone: null, dob: null } },
  },
  {
    file: 'b15-multiple-npis.csv',
    rows: ok(4, 1, 3),
    findings: [
      'E_NPI_MULTIPLE record 1 (line 2) [npi]',
      'E_NPI_MULTIPLE record 2 (line 3) [npi]',
      'E_NPI_MULTIPLE record 3 (line 4) [npi]',
    ],
  },
  {
    file: 'b15-group-npis.csv',
    rows: ok(1, 1),
    findings: ['W_GROUP_NPI record 1 (line 2) [groupNpi]'],
    stored: { 1: { group_npi: null } },
  },
  {
    file: 'b16-zip-letter-o.csv',
    rows: ok(1, 1),
    findings: ['W_ZIP record 1 (line 2) [zip]'],
    stored: { 1: { zip: '06424' } },
  },
  {
    file: 'b16-full-state-names.csv',
    rows: ok(3, 3),
    findings: [],
    stored: { 1: { state: 'GA' }, 2: { state: 'NY' }, 3: { state: 'OH' } },
  },
  {
    file: 'b16-bad-state.csv',
    rows: ok(1, 1),
    findings: ['W_STATE record 1 (line 2) [state]'],
    stored: { 1: { state: 'GAS', city: 'ATLANTA' } },
  },
  {
    file: 'b16-zip-plus4.csv',
    rows: ok(3, 3),
    findings: ['W_ZIP record 3 (line 4) [zip]'],
    stored: { 1: { zip: '43215-1234' }, 2: { zip: '43215-1234' }, 3: { zip: null } },
  },
  {
    file: 'b16-usps-address.csv',
    rows: ok(1, 1),
    findings: [],
    stored: { 1: { address1: '12 N OAK ST', address2: 'STE 4' } },
  },
  {
    file: 'b18-formulas.csv',
    rows: ok(4, 3, 1),
    findings: ['E_NPI_FORMAT record 4 (line 5) [npi]'],
    stored: {
      1: { last_name: '=HYPERLINK("http://x.example","Lind")' },
      2: { last_name: '+1-2' },
      3: { last_name: '@SUM(A1)' },
    },
  },
  {
    file: 'd-tab.tsv',
    rows: ok(1, 1),
    findings: ['W_NAME_SPLIT record 1 (line 2) [lastName]'],
    stored: { 1: { last_name: 'Lind', name_suffix: 'JR' } },
  },
  { file: 'd-pipe.txt', rows: ok(2, 2), findings: [] },
  {
    file: 'd-semicolon.csv',
    rows: ok(1, 1),
    findings: [],
    stored: { 1: { address1: '1 ELM ST APT 2' } },
  },
  {
    file: 'n-name-designations.csv',
    rows: ok(3, 3),
    findings: [
      'W_NAME_SPLIT record 1 (line 2) [lastName]',
      'W_NAME_SPLIT record 2 (line 3) [lastName]',
    ],
    stored: {
      1: { last_name: 'SMITH', credential: 'MD', name_suffix: null },
      2: { last_name: 'Smith', credential: 'MD', name_suffix: 'JR' },
      3: { last_name: 'Nguyen Do', credential: null },
    },
  },
  {
    file: 'r-atypical.csv',
    rows: ok(3, 2, 1),
    findings: ['E_NPI_REQUIRED record 2 (line 3) [npi]', 'W_NPI_MISSING record 3 (line 4) [npi]'],
    stored: {
      1: { npi: null, provider_type: 'Non-Medical Transportation' },
      3: { entity_type: 'organization' },
    },
  },
  {
    file: 'r-provider-type-entity.csv',
    rows: ok(1, 1),
    findings: [],
    stored: { 1: { entity_type: 'organization' } },
  },
  {
    file: 'r-license-state.csv',
    rows: ok(3, 2, 1),
    findings: [
      'E_LICENSE_STATE_REQUIRED record 1 (line 2) [licenseState]',
      'W_LICENSE_STATE record 3 (line 4) [licenseState]',
    ],
    stored: { 3: { license_number: 'PCA-1' } },
  },
  {
    file: 'r-org-no-name.csv',
    rows: ok(1, 0, 1),
    findings: ['E_REQUIRED record 1 (line 2) [orgName]'],
  },
  {
    file: 'r-entity-type-bad.csv',
    rows: ok(1, 0, 1),
    findings: ['E_ENTITY_TYPE record 1 (line 2) [entityType]'],
  },
  {
    file: 'r-tin.csv',
    rows: ok(3, 3),
    findings: ['W_TIN_SSN record 2 (line 3) [tin]', 'W_TIN record 3 (line 4) [tin]'],
    stored: { 1: { tin: '12-3456789' }, 2: { tin: null }, 3: { tin: null } },
  },
  {
    file: 'r-ssn-column.csv',
    rows: ok(1, 0, 1),
    findings: ['W_UNKNOWN_COLUMN (line 1)', 'E_NPI_CHECKDIGIT record 1 (line 2) [npi]'],
  },
];
