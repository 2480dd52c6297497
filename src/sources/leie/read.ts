import { HeaderIndex, clean, readSnapshotCsv, type RowMapper } from '../snapshot-csv.js';
import type { SnapshotItem } from '../snapshot-csv.js';
import { fromYmd } from '../snapshot-dates.js';
import { nameKey, orgKey } from '../../transform/match-names.js';

/** Table column -> `UPDATED.csv` header name (18 columns, unchanged since 2016). */
const FIELDS: Record<string, string> = {
  last_name: 'LASTNAME',
  first_name: 'FIRSTNAME',
  mid_name: 'MIDNAME',
  bus_name: 'BUSNAME',
  general: 'GENERAL',
  specialty: 'SPECIALTY',
  upin: 'UPIN',
  npi: 'NPI',
  dob: 'DOB',
  address: 'ADDRESS',
  city: 'CITY',
  state: 'STATE',
  zip: 'ZIP',
  excl_type: 'EXCLTYPE',
  excl_date: 'EXCLDATE',
  rein_date: 'REINDATE',
  waiver_date: 'WAIVERDATE',
  waiver_state: 'WVRSTATE',
};

const DATE_FIELDS = new Set(['dob', 'excl_date', 'rein_date', 'waiver_date']);

/**
 * Reads OIG LEIE `UPDATED.csv` (unquoted header, quoted values, CRLF, optional BOM).
 * The `0000000000` NPI and `00000000` dates are placeholders and become null.
 */
export function readLeie(file: string): AsyncGenerator<SnapshotItem> {
  return readSnapshotCsv(file, (header) => leieMapper(header, file));
}

export function leieMapper(header: string[], file: string): RowMapper {
  const idx = new HeaderIndex(header, file);
  const fields = Object.entries(FIELDS).map(([col, name]) => [col, idx.need(name)] as const);
  idx.check();

  return (values) => {
    const row: Record<string, unknown> = {};
    for (const [col, at] of fields) {
      const v = clean(values[at]);
      row[col] = DATE_FIELDS.has(col) ? fromYmd(v) : v;
    }
    if (row.npi !== null && /^0+$/.test(row.npi as string)) row.npi = null;
    row.last_key = nameKey(row.last_name as string | null);
    row.first_key = nameKey(row.first_name as string | null);
    row.bus_key = orgKey(row.bus_name as string | null);
    return row;
  };
}
