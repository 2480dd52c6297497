import { HeaderIndex, clean, readSnapshotCsv, type RowMapper } from '../snapshot-csv.js';
import type { SnapshotItem } from '../snapshot-csv.js';

const AFFILIATION_ADDRESS = 'Affiliation Address';

/**
 * `nppes_endpoints` column -> header spellings of the NPPES `endpoint_pfile` (sources.md 2.4).
 * The readme prints the last column as `Affiliation Address Line Postal Code`; shipped files
 * say `Affiliation Address Postal Code`. Both are accepted, the shipped one first.
 */
const FIELDS: Record<string, string[]> = {
  npi: ['NPI'],
  endpoint_type: ['Endpoint Type'],
  endpoint_type_description: ['Endpoint Type Description'],
  endpoint: ['Endpoint'],
  affiliation: ['Affiliation'],
  endpoint_description: ['Endpoint Description'],
  affiliation_name: ['Affiliation Legal Business Name'],
  use_code: ['Use Code'],
  use_description: ['Use Description'],
  other_use_description: ['Other Use Description'],
  content_type: ['Content Type'],
  content_description: ['Content Description'],
  other_content_description: ['Other Content Description'],
  affiliation_address1: [`${AFFILIATION_ADDRESS} Line One`],
  affiliation_address2: [`${AFFILIATION_ADDRESS} Line Two`],
  affiliation_city: [`${AFFILIATION_ADDRESS} City`],
  affiliation_state: [`${AFFILIATION_ADDRESS} State`],
  affiliation_country: [`${AFFILIATION_ADDRESS} Country`],
  affiliation_postal_code: [
    `${AFFILIATION_ADDRESS} Postal Code`,
    `${AFFILIATION_ADDRESS} Line Postal Code`,
  ],
};

/** Table columns of `nppes_endpoints` besides the key columns, in file order. */
export const ENDPOINT_FIELDS = Object.keys(FIELDS);

/**
 * Reads an NPPES `endpoint_pfile` (one row per NPI and endpoint), mapping columns by header
 * name. Throws E_MISSING_COLUMN listing every absent column.
 */
export function readNppesEndpoints(file: string): AsyncGenerator<SnapshotItem> {
  return readSnapshotCsv(file, (header) => endpointMapper(header, file));
}

export function endpointMapper(header: string[], file: string): RowMapper {
  const idx = new HeaderIndex(header, file);
  const fields = Object.entries(FIELDS).map(([col, names]) => [col, idx.need(...names)] as const);
  idx.check();
  return (values) => {
    const row: Record<string, unknown> = {};
    for (const [col, at] of fields) row[col] = clean(values[at]);
    return row;
  };
}
