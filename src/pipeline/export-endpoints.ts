import { existsSync } from 'node:fs';
import { VARCHAR, LIST, listValue } from '@duckdb/node-api';
import { CredkitError, ExitCode } from '../errors.js';
import { openDuck, queryRows, type Duck } from '../store/duckdb.js';
import { latestSnapshot } from '../store/reference.js';
import type { Workspace } from '../store/workspace.js';
import type { EndpointRow } from '../transform/fhir/endpoint.js';

const ROWS_SQL = `
SELECT npi, endpoint_type AS type, endpoint_type_description AS "typeDescription",
  endpoint AS address, endpoint_description AS description,
  affiliation_name AS "affiliationName"
FROM nppes_endpoints
WHERE snapshot_id = $snapshot AND endpoint IS NOT NULL AND list_contains($npis, npi)
ORDER BY npi, line`;

/**
 * The NPPES endpoint rows of `npis` from the latest `nppes-endpoints` snapshot, in file order
 * per NPI. DuckDB is opened read-only; a workspace that never imported the endpoint file has
 * no rows, and the export simply carries no Endpoint.
 */
export async function readEndpointRows(
  ws: Workspace,
  npis: readonly string[],
): Promise<EndpointRow[]> {
  if (!npis.length || !existsSync(ws.duckdbPath)) return [];
  const duck = await openReadOnly(ws);
  try {
    if (!(await hasTables(duck))) return [];
    const snapshot = await latestSnapshot(duck.conn, 'nppes-endpoints');
    if (!snapshot) return [];
    const reader = await duck.conn.runAndReadAll(
      ROWS_SQL,
      { snapshot: snapshot.id, npis: listValue([...npis]) },
      { npis: LIST(VARCHAR) },
    );
    return reader.getRowObjectsJson() as unknown as EndpointRow[];
  } finally {
    duck.close();
  }
}

async function openReadOnly(ws: Workspace): Promise<Duck> {
  try {
    return await openDuck(ws, { readOnly: true });
  } catch (err) {
    throw new CredkitError('E_LOCKED', 'reference.duckdb is in use by an import or verify run', {
      exit: ExitCode.locked,
      cause: err,
    });
  }
}

/** Workspaces made before the endpoint import existed lack the table until the next import. */
async function hasTables(duck: Duck): Promise<boolean> {
  const found = await queryRows<{ n: number }>(
    duck.conn,
    `SELECT count(*)::INTEGER AS n FROM information_schema.tables
     WHERE table_name IN ('snapshots', 'nppes_endpoints')`,
  );
  return found[0]?.n === 2;
}
