/**
 * Data-quality rules of the roster: per field, which rows it applies to and the DuckDB SQL
 * expression that says a present value is valid. Completeness counts non-empty values over
 * the rows a field applies to; validity counts valid values over the present ones.
 */

import { USPS_STATES } from '../transform/normalize/us-states.js';

export type Applies = 'all' | 'individual' | 'organization';

export interface FieldRule {
  field: string;
  applies: Applies;
  /** DuckDB boolean expression over the roster table; a NULL result counts as invalid. */
  valid: string;
  rule: string;
}

const STATE_LIST = Object.keys(USPS_STATES)
  .map((s) => `'${s}'`)
  .join(', ');
const ISO_DATE = (col: string): string =>
  `TRY_CAST(${col} AS DATE) BETWEEN DATE '1900-01-01' AND current_date`;

export const QUALITY_RULES: readonly FieldRule[] = [
  { field: 'npi', applies: 'all', valid: 'npi_ok(npi)', rule: '10 digits, valid check digit' },
  {
    field: 'entity_type',
    applies: 'all',
    valid: `entity_type IN ('individual', 'organization')`,
    rule: 'individual or organization',
  },
  {
    field: 'last_name',
    applies: 'individual',
    valid: `regexp_full_match(last_name, '[^0-9@#]{2,}')`,
    rule: 'two or more characters, no digits',
  },
  {
    field: 'first_name',
    applies: 'individual',
    valid: `regexp_full_match(first_name, '[^0-9@#]+')`,
    rule: 'no digits',
  },
  {
    field: 'org_name',
    applies: 'organization',
    valid: 'length(org_name) >= 2',
    rule: 'two or more characters',
  },
  {
    field: 'dob',
    applies: 'individual',
    valid: `${ISO_DATE('dob')} AND TRY_CAST(dob AS DATE) <= current_date - INTERVAL 16 YEAR`,
    rule: 'a date from 1900 to 16 years ago',
  },
  {
    field: 'sex',
    applies: 'individual',
    valid: `sex IN ('M', 'F', 'X', 'U')`,
    rule: 'M, F, X or U',
  },
  {
    field: 'taxonomy',
    applies: 'all',
    valid: 'taxonomy IN (SELECT code FROM nucc)',
    rule: 'a NUCC code',
  },
  {
    field: 'license_number',
    applies: 'individual',
    valid:
      `regexp_full_match(license_number, '[A-Za-z0-9.\\-]{3,20}')` +
      ` AND license_state IS NOT NULL`,
    rule: '3-20 letters/digits, with a licence state',
  },
  {
    field: 'license_state',
    applies: 'individual',
    valid: `license_state IN (${STATE_LIST})`,
    rule: 'USPS code',
  },
  { field: 'group_npi', applies: 'individual', valid: 'npi_ok(group_npi)', rule: 'valid NPI' },
  {
    field: 'address1',
    applies: 'all',
    valid: 'length(address1) >= 4',
    rule: 'four or more characters',
  },
  {
    field: 'city',
    applies: 'all',
    valid: `regexp_full_match(city, '[^0-9]{2,}')`,
    rule: 'no digits',
  },
  { field: 'state', applies: 'all', valid: `state IN (${STATE_LIST})`, rule: 'USPS code' },
  {
    field: 'zip',
    applies: 'all',
    valid: `regexp_full_match(zip, '[0-9]{5}(-[0-9]{4})?')`,
    rule: 'ZIP or ZIP+4',
  },
  {
    field: 'phone',
    applies: 'all',
    valid: `regexp_full_match(phone, '[2-9][0-9]{9}')`,
    rule: 'ten-digit NANP',
  },
  { field: 'effective_date', applies: 'all', valid: ISO_DATE('effective_date'), rule: 'a date' },
];

/**
 * NPI check digit as a DuckDB macro: Luhn over `80840` + the first nine digits, the prefix
 * worth a fixed 24 (same rule as src/transform/npi.ts, kept here so the report is set-based).
 */
export const NPI_MACRO = `
CREATE OR REPLACE MACRO npi_digit(n, p) AS TRY_CAST(substr(n, p, 1) AS INT);
CREATE OR REPLACE MACRO npi_luhn(d) AS CASE WHEN d * 2 > 9 THEN d * 2 - 9 ELSE d * 2 END;
CREATE OR REPLACE MACRO npi_ok(n) AS coalesce(
  regexp_full_match(n, '[0-9]{10}') AND n <> '0000000000' AND
  (10 - (24 + list_sum(list_transform(range(1, 10), lambda p:
    CASE WHEN (9 - p) % 2 = 0 THEN npi_luhn(npi_digit(n, p)) ELSE npi_digit(n, p) END
  ))) % 10) % 10 = npi_digit(n, 10),
  false);
`;
