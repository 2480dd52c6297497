import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Workspace } from './workspace.js';

export interface DuckOptions {
  readOnly?: boolean;
  /** DuckDB memory_limit, e.g. `2GB`. @default env CREDKIT_DUCKDB_MEMORY or `2GB` */
  memoryLimit?: string;
}

/** An open DuckDB database: its connection, and `close()` for connection and instance. */
export interface Duck {
  conn: DuckDBConnection;
  close(): void;
}

/**
 * Opens `reference.duckdb`. A memory limit without a temp directory is a hard OOM wall, so both
 * are always set; extension autoloading is off so nothing is downloaded at run time.
 */
export async function openDuck(ws: Workspace, options: DuckOptions = {}): Promise<Duck> {
  const access = options.readOnly ? 'READ_ONLY' : 'READ_WRITE';
  return open(ws.duckdbPath, ws, { access_mode: access }, options.memoryLimit);
}

/** An in-memory DuckDB for analytics over rows copied out of SQLite. */
export async function openDuckMemory(ws: Workspace): Promise<Duck> {
  return open(':memory:', ws, {});
}

async function open(
  path: string,
  ws: Workspace,
  extra: Record<string, string>,
  memoryLimit?: string,
): Promise<Duck> {
  const temp = join(ws.tmpDir, 'duckdb');
  mkdirSync(temp, { recursive: true, mode: 0o700 });
  const instance = await DuckDBInstance.create(path, {
    ...extra,
    memory_limit: memoryLimit ?? process.env.CREDKIT_DUCKDB_MEMORY ?? '2GB',
    temp_directory: temp,
    autoload_known_extensions: 'false',
    autoinstall_known_extensions: 'false',
    preserve_insertion_order: 'false',
  });
  const conn = await instance.connect();
  return {
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** Runs a query and returns JSON-safe row objects (BIGINT and DATE come back as strings). */
export async function queryRows<T = Record<string, unknown>>(
  conn: DuckDBConnection,
  sql: string,
  params?: Record<string, unknown> | unknown[],
): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql, params as never);
  return reader.getRowObjectsJson() as T[];
}
