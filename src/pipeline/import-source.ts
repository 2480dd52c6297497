import { statSync } from 'node:fs';
import { fileSha256 } from '../hash.js';
import { basename, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StageContext } from './context.js';
import { compactStamp } from '../log.js';
import type { Finding, SnapshotSource } from '../model.js';
import { CredkitError, ExitCode, usageError } from '../errors.js';
import { openDuck } from '../store/duckdb.js';
import {
  ChunkAppender,
  ensureReferenceSchema,
  latestSnapshot,
  snapshotTable,
  type SnapshotInfo,
} from '../store/reference.js';
import type { SnapshotItem } from '../sources/snapshot-csv.js';
import { readNppes } from '../sources/nppes/read.js';
import { readNppesEndpoints } from '../sources/nppes/endpoints.js';
import { readLeie } from '../sources/leie/read.js';
import { readSam } from '../sources/sam/read.js';
import { fromIso, publishedFromName } from '../sources/snapshot-dates.js';
import { isZip } from '../sources/archive/members.js';
import { importZip } from './import-zip.js';

export interface ImportOptions {
  /** Publication date `YYYY-MM-DD`. @default from the file name, else the file's mtime */
  published?: string;
  /** Called every few thousand rows with the rows read so far (for a progress line). */
  onProgress?: (rows: number) => void;
}

export interface ImportResult {
  snapshotId: string;
  source: SnapshotSource;
  file: string;
  sha256: string;
  published: string;
  /** Rows imported (for an unchanged file: rows of the existing snapshot). */
  rows: number;
  /** Records refused for a wrong field count. */
  rejected: number;
  /** True when the file is the latest snapshot already; nothing was written. */
  unchanged: boolean;
  /** The first rejected records (W_FIELD_COUNT with line); `rejected` has the total. */
  warnings: Finding[];
}

const READERS: Record<SnapshotSource, (file: string) => AsyncGenerator<SnapshotItem>> = {
  nppes: readNppes,
  leie: readLeie,
  sam: readSam,
  'nppes-endpoints': readNppesEndpoints,
};

const MAX_WARNINGS = 100;

/**
 * Imports a source file as a new snapshot in `reference.duckdb`, in one DuckDB transaction:
 * a killed import leaves the previous snapshot in place and no partial one. Only the newest
 * snapshot's rows are kept (older ones keep their `snapshots` row as history), because checks
 * read the latest snapshot only and an NPPES copy is several GB; LEIE and SAM also keep the
 * previous snapshot's rows for `verify --rescreen`.
 */
export async function importSource(
  ctx: StageContext,
  source: SnapshotSource,
  file: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const path = resolve(file);
  // A zip is unpacked to its member first (import-zip.ts), which comes back here as a CSV.
  if (isZip(path)) return importZip(ctx, source, file, opts);
  const mtime = fileMtime(path);
  const published = publicationDate(source, path, opts.published, mtime);
  const sha256 = await fileSha256(path);

  const duck = await openDuck(ctx.ws);
  try {
    await ensureReferenceSchema(duck.conn);
    const latest = await latestSnapshot(duck.conn, source);
    if (latest?.fileSha256 === sha256) return unchangedResult(latest, file);

    const snapshotId = `${source}-${compactStamp()}-${sha256.slice(0, 8)}`;
    ctx.log.event('info', 'source.import.start', { source, file: basename(path), snapshotId });
    const counts = await inTransaction(duck.conn, () =>
      loadSnapshot(ctx, duck.conn, { source, path, snapshotId, sha256, published }, opts),
    );
    ctx.log.event('info', 'source.import.done', { source, snapshotId, ...counts.totals });
    return {
      snapshotId,
      source,
      file,
      sha256,
      published,
      ...counts.totals,
      unchanged: false,
      warnings: counts.warnings,
    };
  } finally {
    duck.close();
  }
}

interface SnapshotMeta {
  source: SnapshotSource;
  path: string;
  snapshotId: string;
  sha256: string;
  published: string;
}

async function loadSnapshot(
  ctx: StageContext,
  conn: DuckDBConnection,
  meta: SnapshotMeta,
  opts: ImportOptions,
) {
  const { table, columns } = snapshotTable(meta.source);
  const appender = await ChunkAppender.open(conn, table, columns);
  const warnings: Finding[] = [];
  let rejected = 0;
  try {
    for await (const item of READERS[meta.source](meta.path)) {
      if (item.kind === 'reject') {
        rejected++;
        if (warnings.length < MAX_WARNINGS) warnings.push(rejectFinding(ctx, meta, item));
        continue;
      }
      appender.add({ ...item.values, snapshot_id: meta.snapshotId });
      if (appender.rows % 10_000 === 0) opts.onProgress?.(appender.rows);
    }
  } finally {
    appender.close();
  }
  const rows = appender.rows;
  await replaceSnapshot(conn, meta, rows, rejected);
  return { totals: { rows, rejected }, warnings };
}

/** Records the snapshot and drops the rows of the source's older snapshots. */
async function replaceSnapshot(
  conn: DuckDBConnection,
  meta: SnapshotMeta,
  rows: number,
  rejected: number,
): Promise<void> {
  const { table } = snapshotTable(meta.source);
  await dropOldRows(conn, table, meta.source, meta.snapshotId);
  await conn.run(
    `INSERT INTO snapshots VALUES ($id, $source, $name, $sha, $published::DATE,
      now()::TIMESTAMP, $rows, $rejected)`,
    {
      id: meta.snapshotId,
      source: meta.source,
      name: basename(meta.path),
      sha: meta.sha256,
      published: meta.published,
      rows,
      rejected,
    },
  );
}

/** Exclusion lists keep the previous snapshot's rows too: `verify --rescreen` diffs the two. */
const KEEP_PREVIOUS: readonly string[] = ['leie', 'sam'];

/**
 * Deletes the rows of every snapshot of `source` but the new one and, for the exclusion lists,
 * the one before it (the newest in `snapshots` until the new one is recorded). `filter` narrows
 * a table shared by several sources (the layout tables) to this source's rows.
 */
export async function dropOldRows(
  conn: DuckDBConnection,
  table: string,
  source: string,
  newId: string,
  keepPrevious = KEEP_PREVIOUS.includes(source),
  filter = 'TRUE',
): Promise<void> {
  const keep = keepPrevious ? 1 : 0;
  await conn.run(
    `DELETE FROM ${table} WHERE ${filter} AND snapshot_id <> $id AND snapshot_id NOT IN (
      SELECT id FROM snapshots WHERE source = $source
      ORDER BY loaded_at DESC, id DESC LIMIT $keep)`,
    { id: newId, source, keep },
  );
}

function rejectFinding(
  ctx: StageContext,
  meta: SnapshotMeta,
  item: Extract<SnapshotItem, { kind: 'reject' }>,
): Finding {
  const file = basename(meta.path);
  const message = `record has ${item.fields} fields, header has ${item.expected}; not imported`;
  ctx.log.event('warn', 'source.import.reject', { code: item.code, file, line: item.line });
  return { code: item.code, severity: 'warning', file, line: item.line, message };
}

export async function inTransaction<T>(conn: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await conn.run('COMMIT');
    return result;
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
}

function unchangedResult(latest: SnapshotInfo, file: string): ImportResult {
  return {
    snapshotId: latest.id,
    source: latest.source,
    file,
    sha256: latest.fileSha256,
    published: latest.published,
    rows: latest.rows,
    rejected: latest.rejected,
    unchanged: true,
    warnings: [],
  };
}

function publicationDate(
  source: SnapshotSource,
  path: string,
  flag: string | undefined,
  mtime: Date,
): string {
  if (flag !== undefined) {
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(flag) ? fromIso(flag) : null;
    if (!iso) throw usageError('E_BAD_DATE', `--published must be YYYY-MM-DD, got "${flag}"`);
    return iso;
  }
  return publishedFromName(source, path) ?? mtime.toISOString().slice(0, 10);
}

export function fileMtime(path: string): Date {
  try {
    const st = statSync(path);
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    return st.mtime;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new CredkitError('E_FILE_UNREADABLE', `cannot read file (${code})`, {
      file: basename(path),
      exit: ExitCode.usage,
      cause: err,
    });
  }
}
