import { HeaderIndex, clean, readSnapshotCsv, type RowMapper } from '../snapshot-csv.js';
import type { SnapshotItem } from '../snapshot-csv.js';
import { fromMdy } from '../snapshot-dates.js';
import { nameKey, orgKey } from '../../transform/match-names.js';

/** NPPES supports 15 taxonomy/licence groups per NPI. */
const GROUPS = 15;

const PRACTICE = 'Provider Business Practice Location Address';

/** Single-valued columns taken from the main file: table column -> header spellings. */
const FIELDS: Record<string, string[]> = {
  npi: ['NPI'],
  entity_type: ['Entity Type Code'],
  org_name: ['Provider Organization Name (Legal Business Name)'],
  last_name: ['Provider Last Name (Legal Name)'],
  first_name: ['Provider First Name'],
  middle_name: ['Provider Middle Name'],
  credential: ['Provider Credential Text'],
  // Renamed in 2025 files; loaders that knew only one name broke on the other.
  sex: ['Provider Sex Code', 'Provider Gender Code'],
  city: [`${PRACTICE} City Name`],
  state: [`${PRACTICE} State Name`],
  postal_code: [`${PRACTICE} Postal Code`],
  enumeration_date: ['Provider Enumeration Date'],
  last_update_date: ['Last Update Date'],
  deactivation_reason: ['NPI Deactivation Reason Code'],
  deactivation_date: ['NPI Deactivation Date'],
  reactivation_date: ['NPI Reactivation Date'],
};

const DATE_FIELDS = new Set([
  'enumeration_date',
  'last_update_date',
  'deactivation_date',
  'reactivation_date',
]);

/** The four columns of taxonomy group n, in list-column order. */
function groupHeaders(n: number): string[] {
  return [
    `Healthcare Provider Taxonomy Code_${n}`,
    `Provider License Number_${n}`,
    `Provider License Number State Code_${n}`,
    `Healthcare Provider Primary Taxonomy Switch_${n}`,
  ];
}

/**
 * Reads an NPPES `npidata_pfile` (329 or 330 columns, either sex-code spelling), mapping
 * columns by header name. Throws E_MISSING_COLUMN listing every absent column.
 */
export function readNppes(file: string): AsyncGenerator<SnapshotItem> {
  return readSnapshotCsv(file, (header) => nppesMapper(header, file));
}

export function nppesMapper(header: string[], file: string): RowMapper {
  const idx = new HeaderIndex(header, file);
  const fields = Object.entries(FIELDS).map(([col, names]) => [col, idx.need(...names)] as const);
  const groups = Array.from({ length: GROUPS }, (_, i) =>
    groupHeaders(i + 1).map((h) => idx.need(h)),
  );
  idx.check();

  return (values) => {
    const row: Record<string, unknown> = {};
    for (const [col, at] of fields) {
      const v = clean(values[at]);
      row[col] = DATE_FIELDS.has(col) ? fromMdy(v) : v;
    }
    Object.assign(row, taxonomyLists(values, groups));
    row.last_key = nameKey(row.last_name as string | null);
    row.first_key = nameKey(row.first_name as string | null);
    row.org_key = orgKey(row.org_name as string | null);
    return row;
  };
}

/** The used taxonomy groups as four aligned lists (a group is used when any value is set). */
function taxonomyLists(values: string[], groups: number[][]): Record<string, (string | null)[]> {
  const lists = {
    taxonomy_codes: [] as (string | null)[],
    license_numbers: [] as (string | null)[],
    license_states: [] as (string | null)[],
    primary_switches: [] as (string | null)[],
  };
  const targets = Object.values(lists);
  for (const group of groups) {
    const got = group.map((at) => clean(values[at]));
    if (got.every((v) => v === null)) continue;
    got.forEach((v, i) => targets[i].push(v));
  }
  return lists;
}
