import type { DuckDBConnection } from '@duckdb/node-api';
import type { Db } from '../store/sqlite.js';
import { ChunkAppender, columnsDdl, type ColumnSpec } from '../store/reference.js';
import { isValidNpi } from '../transform/npi.js';
import { nameKey, orgKey } from '../transform/match-names.js';

/** The DuckDB temp table verify joins against. */
export const ROSTER_TABLE = '__cred_roster';

const ROSTER_SPEC: ColumnSpec = [
  ['id', 'int'],
  ...(
    'entity_type npi last_name first_name org_name dob state zip taxonomy license_state ' +
    'license_number last_key first_key org_key'
  )
    .split(' ')
    .map((n) => [n, 'text'] as const),
];

interface RosterRow {
  id: number;
  entity_type: string;
  npi: string | null;
  last_name: string | null;
  first_name: string | null;
  org_name: string | null;
  dob: string | null;
  state: string | null;
  zip: string | null;
  taxonomy: string | null;
  license_state: string | null;
  license_number: string | null;
}

/**
 * Copies the roster columns checks need from SQLite into a DuckDB temp table, with the NPI
 * kept only when its check digit holds and the name keys computed by the same code that keyed
 * the source rows. Returns the row count.
 */
export async function copyRosterForChecks(db: Db, conn: DuckDBConnection): Promise<number> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${ROSTER_TABLE} (${columnsDdl(ROSTER_SPEC)})`);
  const rows = db
    .prepare(
      `SELECT id, entity_type, npi, last_name, first_name, org_name, dob, state, zip, taxonomy,
        license_state, license_number FROM roster_rows ORDER BY id`,
    )
    .iterate() as Iterable<RosterRow>;
  const appender = await ChunkAppender.open(conn, ROSTER_TABLE, ROSTER_SPEC, 'temp');
  try {
    for (const r of rows) {
      appender.add({
        ...r,
        npi: isValidNpi(r.npi?.trim()) ? r.npi!.trim() : null,
        last_key: nameKey(r.last_name),
        first_key: nameKey(r.first_name),
        org_key: orgKey(r.org_name),
      });
    }
  } finally {
    appender.close();
  }
  return appender.rows;
}
