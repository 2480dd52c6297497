import { existsSync } from 'node:fs';
import { SOURCES, type SnapshotSource, type SourceName } from '../model.js';
import { CredkitError, ExitCode } from '../errors.js';
import { openDuck, queryRows } from '../store/duckdb.js';
import { listSnapshots } from '../store/reference.js';
import type { Workspace } from '../store/workspace.js';
import { daysBetween, today } from '../sources/snapshot-dates.js';
import { DEFAULT_MAX_AGE_DAYS, isStale } from './verify.js';

export interface SnapshotStatus {
  source: SnapshotSource;
  /** null when the source has no snapshot at all (its checks are `source-unavailable`). */
  snapshotId: string | null;
  fileName: string | null;
  published: string | null;
  loadedAt: string | null;
  rows: number;
  rejected: number;
  ageDays: number | null;
  /** The snapshot checks use (the latest loaded of its source). */
  current: boolean;
  stale: boolean;
}

/**
 * Every snapshot in `reference.duckdb`, current ones first, plus one line for each source
 * that has none. Opens DuckDB read-only and takes no workspace lock.
 */
export async function snapshotStatus(
  ws: Workspace,
  opts: { maxAgeDays?: number; asOf?: string } = {},
): Promise<SnapshotStatus[]> {
  const asOf = opts.asOf ?? today();
  const maxAge = opts.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS;
  const snaps = existsSync(ws.duckdbPath) ? await readSnapshots(ws) : [];
  const seen = new Set<string>();
  const out: SnapshotStatus[] = [];
  for (const s of snaps) {
    const current = !seen.has(s.source);
    seen.add(s.source);
    // Reference files (nppes-endpoints) are not an ageing source: isStale says false for them.
    const stale = current && isStale(s.source as SourceName, s, asOf, maxAge);
    out.push({
      source: s.source,
      snapshotId: s.id,
      fileName: s.fileName,
      published: s.published,
      loadedAt: s.loadedAt,
      rows: s.rows,
      rejected: s.rejected,
      ageDays: daysBetween(s.published, asOf),
      current,
      stale,
    });
  }
  for (const source of SOURCES.filter((x) => !seen.has(x))) out.push(missing(source));
  return out.sort(
    (a, b) => Number(b.current) - Number(a.current) || a.source.localeCompare(b.source),
  );
}

async function readSnapshots(ws: Workspace) {
  let duck;
  try {
    duck = await openDuck(ws, { readOnly: true });
  } catch (err) {
    throw new CredkitError('E_LOCKED', 'reference.duckdb is in use by an import or verify run', {
      exit: ExitCode.locked,
      cause: err,
    });
  }
  try {
    // A workspace that never imported has no snapshots table yet.
    const tables = await queryRows(
      duck.conn,
      `SELECT 1 FROM information_schema.tables WHERE table_name = 'snapshots'`,
    );
    return tables.length ? await listSnapshots(duck.conn) : [];
  } finally {
    duck.close();
  }
}

function missing(source: SourceName): SnapshotStatus {
  return {
    source,
    snapshotId: null,
    fileName: null,
    published: null,
    loadedAt: null,
    rows: 0,
    rejected: 0,
    ageDays: null,
    current: true,
    stale: false,
  };
}
