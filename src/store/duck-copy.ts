import type { DuckDBConnection } from '@duckdb/node-api';
import type { Db } from './sqlite.js';
import { PROVIDER_FIELDS } from '../model.js';
import { providerColumn } from './schema.js';

/** The roster columns in the order `copyRosterRows` creates them (plus `id`, `batch_id`). */
export const ROSTER_COLUMNS = PROVIDER_FIELDS.map(providerColumn);

/**
 * Copies roster rows out of SQLite into a new DuckDB table through the appender. DuckDB
 * cannot attach the SQLite file here (that extension would have to be downloaded), so rows
 * move by value; every column stays VARCHAR like in SQLite.
 */
export async function copyRosterRows(
  db: Db,
  conn: DuckDBConnection,
  table: string,
  batchId?: string,
): Promise<number> {
  const cols = ROSTER_COLUMNS.map((c) => `${c} VARCHAR`).join(', ');
  await conn.run(`CREATE OR REPLACE TABLE ${table} (id BIGINT, batch_id VARCHAR, ${cols})`);
  const where = batchId ? 'WHERE batch_id = ?' : '';
  const stmt = db.prepare(
    `SELECT id, batch_id, ${ROSTER_COLUMNS.join(', ')} FROM roster_rows ${where}`,
  );
  const rows = (batchId ? stmt.iterate(batchId) : stmt.iterate()) as Iterable<
    Record<string, string | number | null>
  >;
  return appendAll(conn, table, rows, ['id', 'batch_id', ...ROSTER_COLUMNS]);
}

async function appendAll(
  conn: DuckDBConnection,
  table: string,
  rows: Iterable<Record<string, string | number | null>>,
  columns: string[],
): Promise<number> {
  const appender = await conn.createAppender(table);
  let count = 0;
  try {
    for (const row of rows) {
      appender.appendBigInt(BigInt(row.id as number));
      for (const col of columns.slice(1)) {
        const v = row[col];
        if (v === null || v === undefined) appender.appendNull();
        else appender.appendVarchar(String(v));
      }
      appender.endRow();
      count++;
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return count;
}
