import { HeaderIndex, clean, readSnapshotCsv, type RowMapper } from '../snapshot-csv.js';
import type { SnapshotItem } from '../snapshot-csv.js';
import { fromIso, fromMdy } from '../snapshot-dates.js';
import { nameKey, orgKey } from '../../transform/match-names.js';

/**
 * Table column -> header spellings. The 2022+ V2 names come first; the 2019/2020 layout
 * named the same columns `Unique Entity Identifier (SAM)` and so on.
 */
const FIELDS: Record<string, string[]> = {
  classification: ['Classification'],
  name: ['Name'],
  prefix: ['Prefix'],
  first: ['First'],
  middle: ['Middle'],
  last: ['Last'],
  suffix: ['Suffix'],
  city: ['City'],
  state: ['State / Province'],
  country: ['Country'],
  zip: ['Zip Code'],
  uei: ['Unique Entity ID', 'Unique Entity Identifier (SAM)'],
  exclusion_program: ['Exclusion Program'],
  excluding_agency: ['Excluding Agency'],
  exclusion_type: ['Exclusion Type'],
  active_date: ['Active Date'],
  termination_date: ['Termination Date'],
  record_status: ['Record Status'],
  sam_number: ['SAM Number'],
  cage: ['CAGE'],
  npi: ['NPI'],
  creation_date: ['Creation_Date', 'Creation Date'],
};

/**
 * Reads the SAM.gov public exclusions extract (V2, 31 columns). `Indefinite` termination
 * and the extract's literal `null` become null. Rows broken by the file's own bad quoting
 * come back as rejects (W_FIELD_COUNT) rather than stopping the import.
 */
export function readSam(file: string): AsyncGenerator<SnapshotItem> {
  return readSnapshotCsv(file, (header) => samMapper(header, file));
}

export function samMapper(header: string[], file: string): RowMapper {
  const idx = new HeaderIndex(header, file);
  const fields = Object.entries(FIELDS).map(([col, names]) => [col, idx.need(...names)] as const);
  idx.check();

  return (values) => {
    const row: Record<string, unknown> = {};
    for (const [col, at] of fields) row[col] = samValue(values[at]);
    row.active_date = fromMdy(row.active_date as string | null);
    row.termination_date = fromMdy(row.termination_date as string | null);
    row.creation_date = fromIso(row.creation_date as string | null);
    row.last_key = nameKey(row.last as string | null);
    row.first_key = nameKey(row.first as string | null);
    row.entity_key = orgKey(row.name as string | null);
    return row;
  };
}

function samValue(value: string | undefined): string | null {
  const v = clean(value);
  return v === null || /^null$/i.test(v) ? null : v;
}
