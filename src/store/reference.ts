import {
  BIGINT,
  DATE,
  DuckDBDataChunk,
  LIST,
  VARCHAR,
  dateValue,
  listValue,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { ReferenceFile, SnapshotSource, SourceName } from '../model.js';
import { queryRows } from './duckdb.js';

/** Column kinds of the reference tables; each maps to one DuckDB type. */
export type ColumnKind = 'text' | 'date' | 'int' | 'list';
export type ColumnSpec = readonly (readonly [name: string, kind: ColumnKind])[];

const KEY_COLUMNS = [
  ['snapshot_id', 'text'],
  ['line', 'int'],
  ['raw_sha256', 'text'],
] as const;

/** `nppes`: one row per NPI of the main file; the 15 taxonomy groups as aligned lists. */
export const NPPES_COLUMNS: ColumnSpec = [
  ...KEY_COLUMNS,
  ...texts('npi entity_type org_name last_name first_name middle_name credential sex'),
  ...texts('city state postal_code'),
  ['enumeration_date', 'date'],
  ['last_update_date', 'date'],
  ['deactivation_reason', 'text'],
  ['deactivation_date', 'date'],
  ['reactivation_date', 'date'],
  ['taxonomy_codes', 'list'],
  ['license_numbers', 'list'],
  ['license_states', 'list'],
  ['primary_switches', 'list'],
  ...texts('last_key first_key org_key'),
];

/** `leie`: OIG UPDATED.csv, one row per exclusion. */
export const LEIE_COLUMNS: ColumnSpec = [
  ...KEY_COLUMNS,
  ...texts('last_name first_name mid_name bus_name general specialty upin npi'),
  ['dob', 'date'],
  ...texts('address city state zip excl_type'),
  ['excl_date', 'date'],
  ['rein_date', 'date'],
  ['waiver_date', 'date'],
  ['waiver_state', 'text'],
  ...texts('last_key first_key bus_key'),
];

/** `sam`: SAM.gov public exclusions extract, one row per exclusion record. */
export const SAM_COLUMNS: ColumnSpec = [
  ...KEY_COLUMNS,
  ...texts('classification name prefix first middle last suffix city state country zip uei'),
  ...texts('exclusion_program excluding_agency exclusion_type'),
  ['active_date', 'date'],
  ['termination_date', 'date'],
  ...texts('record_status sam_number cage npi'),
  ['creation_date', 'date'],
  ...texts('last_key first_key entity_key'),
];

export const SOURCE_COLUMNS: Record<SourceName, ColumnSpec> = {
  nppes: NPPES_COLUMNS,
  leie: LEIE_COLUMNS,
  sam: SAM_COLUMNS,
};

/** `nppes_endpoints`: NPPES endpoint_pfile, one row per NPI and endpoint; read by the export. */
export const ENDPOINT_COLUMNS: ColumnSpec = [
  ...KEY_COLUMNS,
  ...texts('npi endpoint_type endpoint_type_description endpoint affiliation'),
  ...texts('endpoint_description affiliation_name use_code use_description other_use_description'),
  ...texts('content_type content_description other_content_description'),
  ...texts('affiliation_address1 affiliation_address2 affiliation_city affiliation_state'),
  ...texts('affiliation_country affiliation_postal_code'),
];

/** Reference files' tables: named apart from the file kind (`nppes-endpoints` is no SQL name). */
export const REFERENCE_TABLES: Record<ReferenceFile, { table: string; columns: ColumnSpec }> = {
  'nppes-endpoints': { table: 'nppes_endpoints', columns: ENDPOINT_COLUMNS },
};

/** The table and columns a snapshot of `source` is imported into. */
export function snapshotTable(source: SnapshotSource): { table: string; columns: ColumnSpec } {
  if (source in REFERENCE_TABLES) return REFERENCE_TABLES[source as ReferenceFile];
  return { table: source, columns: SOURCE_COLUMNS[source as SourceName] };
}

/** `boards`: state licence board files, one row per licence, any layout (`layout` = its id). */
export const BOARD_COLUMNS: ColumnSpec = [
  ...KEY_COLUMNS,
  ...texts('layout license_number license_type last_name first_name middle_name org_name'),
  ...texts('status_raw status'),
  ['issue_date', 'date'],
  ['expiration_date', 'date'],
  ...texts('discipline npi city state last_key first_key org_key'),
];

/** `state_lists`: state Medicaid exclusion lists; `npis` holds every valid NPI of the cell. */
export const STATE_LIST_COLUMNS: ColumnSpec = [
  ...KEY_COLUMNS,
  ['layout', 'text'],
  ['npis', 'list'],
  ...texts('npi_raw last_name first_name middle_name org_name'),
  ['dob', 'date'],
  ...texts('license_number provider_type status_raw status action'),
  ['start_date', 'date'],
  ['end_date', 'date'],
  ...texts('city state last_key first_key org_key'),
];

/** Tables of the layout-driven sources, by layout kind. */
export const LAYOUT_TABLES = {
  board: { table: 'boards', columns: BOARD_COLUMNS },
  'state-list': { table: 'state_lists', columns: STATE_LIST_COLUMNS },
} as const;

function texts(names: string): [string, ColumnKind][] {
  return names.split(' ').map((n) => [n, 'text']);
}

/** `CREATE TABLE` column list for a spec. */
export function columnsDdl(spec: ColumnSpec): string {
  return spec.map(([n, k]) => `${n} ${SQL_TYPE[k]}`).join(', ');
}

const SQL_TYPE: Record<ColumnKind, string> = {
  text: 'VARCHAR',
  date: 'DATE',
  int: 'BIGINT',
  list: 'VARCHAR[]',
};

/** Creates the snapshot tables when absent. Safe to run on every open. */
export async function ensureReferenceSchema(conn: DuckDBConnection): Promise<void> {
  await conn.run(`CREATE TABLE IF NOT EXISTS snapshots (
    id VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, file_name VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL, published DATE NOT NULL, loaded_at TIMESTAMP NOT NULL,
    rows BIGINT NOT NULL, rejected BIGINT NOT NULL)`);
  for (const [table, spec] of Object.entries(SOURCE_COLUMNS)) {
    await conn.run(`CREATE TABLE IF NOT EXISTS ${table} (${columnsDdl(spec)})`);
  }
  for (const { table, columns } of Object.values(REFERENCE_TABLES)) {
    await conn.run(`CREATE TABLE IF NOT EXISTS ${table} (${columnsDdl(columns)})`);
  }
  for (const { table, columns } of Object.values(LAYOUT_TABLES)) {
    await conn.run(`CREATE TABLE IF NOT EXISTS ${table} (${columnsDdl(columns)})`);
  }
  // The layout each board or list was last imported with: verify needs its state and scope.
  await conn.run(`CREATE TABLE IF NOT EXISTS layouts (
    source VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, id VARCHAR NOT NULL, state VARCHAR NOT NULL,
    name VARCHAR NOT NULL, license_pattern VARCHAR)`);
}

export interface SnapshotInfo {
  id: string;
  source: SnapshotSource;
  fileName: string;
  fileSha256: string;
  published: string;
  loadedAt: string;
  rows: number;
  rejected: number;
}

const SNAPSHOT_SELECT = `SELECT id, source, file_name AS "fileName", file_sha256 AS "fileSha256",
  strftime(published, '%Y-%m-%d') AS published,
  strftime(loaded_at, '%Y-%m-%dT%H:%M:%SZ') AS "loadedAt",
  rows::INTEGER AS rows, rejected::INTEGER AS rejected FROM snapshots`;

/**
 * The snapshot whose rows checks use: the one loaded last for the source. Older snapshots
 * keep their `snapshots` row (history) but their data rows are deleted on import.
 */
export async function latestSnapshot(
  conn: DuckDBConnection,
  source: SnapshotSource,
): Promise<SnapshotInfo | null> {
  const rows = await queryRows<SnapshotInfo>(
    conn,
    `${SNAPSHOT_SELECT} WHERE source = $source ORDER BY loaded_at DESC, id DESC LIMIT 1`,
    { source },
  );
  return rows[0] ?? null;
}

/**
 * The latest `n` snapshots of any source name, newest first; also layout sources such as
 * `board:oh-med`, and the previous snapshot that `verify --rescreen` compares with.
 */
export async function latestSnapshots(
  conn: DuckDBConnection,
  source: string,
  n: number,
): Promise<SnapshotInfo[]> {
  return queryRows<SnapshotInfo>(
    conn,
    `${SNAPSHOT_SELECT} WHERE source = $source ORDER BY loaded_at DESC, id DESC LIMIT $n`,
    { source, n },
  );
}

/** Every snapshot, newest load first. */
export async function listSnapshots(conn: DuckDBConnection): Promise<SnapshotInfo[]> {
  return queryRows<SnapshotInfo>(conn, `${SNAPSHOT_SELECT} ORDER BY loaded_at DESC, id DESC`);
}

/** Rows per DuckDB data chunk (DuckDB's vector size). */
const CHUNK_ROWS = 2048;

/**
 * Bulk insert through the DuckDB appender, one data chunk of 2048 rows at a time, so an
 * 11 GB file never sits in memory and no row goes through an INSERT statement.
 */
export class ChunkAppender {
  private readonly types: DuckDBType[];
  private buffer: DuckDBValue[][] = [];
  private count = 0;

  private constructor(
    private readonly appender: DuckDBAppender,
    private readonly spec: ColumnSpec,
  ) {
    this.types = spec.map(([, kind]) => duckType(kind));
  }

  /** `temp` as catalog appends to a TEMP table. */
  static async open(conn: DuckDBConnection, table: string, spec: ColumnSpec, catalog?: string) {
    const appender = await conn.createAppender(table, catalog ? 'main' : null, catalog ?? null);
    return new ChunkAppender(appender, spec);
  }

  get rows(): number {
    return this.count;
  }

  add(row: Record<string, unknown>): void {
    this.buffer.push(this.spec.map(([name, kind]) => toDuck(row[name], kind)));
    this.count++;
    if (this.buffer.length === CHUNK_ROWS) this.flushChunk();
  }

  /** Writes what is buffered and releases the appender; call once, in `finally` too. */
  close(): void {
    try {
      if (this.buffer.length) this.flushChunk();
      this.appender.flushSync();
    } finally {
      this.appender.closeSync();
    }
  }

  private flushChunk(): void {
    const chunk = DuckDBDataChunk.create(this.types);
    chunk.setRows(this.buffer);
    this.appender.appendDataChunk(chunk);
    this.buffer = [];
  }
}

function duckType(kind: ColumnKind): DuckDBType {
  if (kind === 'date') return DATE;
  if (kind === 'int') return BIGINT;
  if (kind === 'list') return LIST(VARCHAR);
  return VARCHAR;
}

function toDuck(value: unknown, kind: ColumnKind): DuckDBValue {
  if (value === null || value === undefined) return null;
  if (kind === 'date') return dateValue(Date.parse(`${value as string}T00:00:00Z`) / 86_400_000);
  if (kind === 'int') return BigInt(value as number);
  if (kind === 'list') return listValue(value as (string | null)[]);
  return String(value);
}
