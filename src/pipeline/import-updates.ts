import { fileSha256 } from '../hash.js';
import { basename, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StageContext } from './context.js';
import { compactStamp } from '../log.js';
import type { Finding, SourceName } from '../model.js';
import { CredkitError, ExitCode } from '../errors.js';
import { openDuck, queryRows } from '../store/duckdb.js';
import { ensureReferenceSchema, latestSnapshot, type SnapshotInfo } from '../store/reference.js';
import { openMember } from '../sources/archive/members.js';
import { dropOldRows } from './import-source.js';

/** Files applied on top of the latest snapshot of their source, each making a new snapshot. */
export type UpdateKind = 'nppes-weekly' | 'nppes-deactivations' | 'leie-supplement';

/** The dates a file covers, from its name or title. */
export interface Period {
  start: string | null;
  end: string;
}

export interface UpdateResult {
  kind: UpdateKind;
  source: SourceName;
  /** `skipped`: older than what is applied already (B27); nothing was written. */
  status: 'applied' | 'unchanged' | 'skipped';
  /** The new snapshot; for `unchanged` the one the file made before; null when skipped. */
  snapshotId: string | null;
  baseSnapshotId: string | null;
  file: string;
  sha256: string;
  period: Period;
  /** The newest date already applied for this kind, the file had to be no older. */
  watermark: string | null;
  /** Rows in the new snapshot. */
  rows: number;
  /** Records read from the file, and those refused for a wrong field count. */
  read: number;
  rejected: number;
  /** What changed, by kind (`inserted`, `updated`, `removed`, ...). */
  changes: Record<string, number>;
  warnings: Finding[];
  message?: string;
}

/** What one kind of update does inside the transaction. */
export interface UpdateSpec {
  kind: UpdateKind;
  source: SourceName;
  /** Zip member to read when the file is a zip, else null (zips refused). */
  member: RegExp | null;
  /** The period from the file name or content; null is a usage error. */
  period(file: string, readPath: string): Promise<Period | null>;
  /** Whether full-file snapshots of the source count towards the watermark. */
  fullFilesCount: boolean;
  /** New snapshot's publication date: the period end (when later) or the base's. */
  published: 'period' | 'base';
  apply(conn: DuckDBConnection, job: ApplyJob): Promise<ApplyCounts>;
}

export interface ApplyJob {
  readPath: string;
  fileName: string;
  snapshotId: string;
  base: SnapshotInfo;
  ctx: StageContext;
}

export interface ApplyCounts {
  read: number;
  rejected: number;
  changes: Record<string, number>;
  warnings: Finding[];
}

/**
 * Applies an update file as a new snapshot, copy-on-write: the base snapshot's rows are copied
 * with the file's changes into the new snapshot in one DuckDB transaction, then the base's rows
 * are dropped (the history stays in `snapshots` and `source_updates`). A file older than the
 * watermark is skipped (reliability.md B27); a file applied before is `unchanged`.
 */
export async function applyUpdate(
  ctx: StageContext,
  spec: UpdateSpec,
  file: string,
): Promise<UpdateResult> {
  const path = resolve(file);
  const sha256 = await hashFile(path);
  const opened = await openMember(path, spec.member ?? /$^/, ctx.ws.tmpDir);
  try {
    const period = await spec.period(path, opened.path);
    if (!period) throw noPeriod(spec, path);
    return await withDuck(ctx, (conn) =>
      applyIn(conn, { ctx, spec, file, path, sha256, period, readPath: opened.path }),
    );
  } finally {
    await opened.cleanup();
  }
}

interface Job {
  ctx: StageContext;
  spec: UpdateSpec;
  file: string;
  path: string;
  sha256: string;
  period: Period;
  readPath: string;
}

async function applyIn(conn: DuckDBConnection, job: Job): Promise<UpdateResult> {
  const { spec, sha256, period } = job;
  await ensureUpdatesTable(conn);
  const base = await latestSnapshot(conn, spec.source);
  if (!base) throw noBase(spec, job.path);
  const result = emptyResult(job, base);
  const before = await appliedSnapshot(conn, spec.kind, sha256);
  if (before) return { ...result, status: 'unchanged', snapshotId: before };
  const watermark = await updateWatermark(conn, spec);
  if (watermark && period.end < watermark) {
    const message = `${spec.kind} period ends ${period.end}, before ${watermark} already applied`;
    job.ctx.log.event('warn', 'source.update.skipped', {
      kind: spec.kind,
      file: basename(job.path),
    });
    return { ...result, status: 'skipped', snapshotId: null, watermark, message };
  }
  // The kind in the id keeps it apart from a full import of the same bytes in the same second.
  const snapshotId = `${spec.source}-${compactStamp()}-${sha256.slice(0, 8)}-${spec.kind.split('-')[1]}`;
  const fileName = basename(job.path);
  await conn.run('BEGIN TRANSACTION');
  try {
    const counts = await spec.apply(conn, {
      readPath: job.readPath,
      fileName,
      snapshotId,
      base,
      ctx: job.ctx,
    });
    const published =
      spec.published === 'period' && period.end > base.published ? period.end : base.published;
    const rows = await finishSnapshot(conn, {
      spec,
      snapshotId,
      fileName,
      sha256,
      published,
      rejected: counts.rejected,
    });
    await recordUpdate(conn, { spec, snapshotId, base, fileName, sha256, period });
    await conn.run('COMMIT');
    job.ctx.log.event('info', 'source.update.done', {
      kind: spec.kind,
      snapshotId,
      ...counts.changes,
    });
    return { ...result, ...counts, status: 'applied', snapshotId, watermark, rows };
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
}

/** Applied update files, one row per snapshot they made. */
export async function ensureUpdatesTable(conn: DuckDBConnection): Promise<void> {
  await conn.run(`CREATE TABLE IF NOT EXISTS source_updates (
    snapshot_id VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, kind VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL, file_sha256 VARCHAR NOT NULL, period_start DATE,
    period_end DATE NOT NULL, base_snapshot_id VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`);
}

async function appliedSnapshot(conn: DuckDBConnection, kind: string, sha: string) {
  const rows = await queryRows<{ id: string }>(
    conn,
    'SELECT snapshot_id AS id FROM source_updates WHERE kind = $kind AND file_sha256 = $sha',
    { kind, sha },
  );
  return rows[0]?.id ?? null;
}

/** The newest period end applied for the kind, or full-file publication date when later. */
export async function updateWatermark(
  conn: DuckDBConnection,
  spec: Pick<UpdateSpec, 'kind' | 'source' | 'fullFilesCount'>,
): Promise<string | null> {
  // Full files: snapshots no update made; only their publication dates count.
  const full = `UNION ALL SELECT published AS d FROM snapshots s WHERE s.source = $source
     AND NOT EXISTS (SELECT 1 FROM source_updates u WHERE u.snapshot_id = s.id)`;
  const rows = await queryRows<{ w: string | null }>(
    conn,
    `SELECT strftime(max(d), '%Y-%m-%d') AS w FROM (
       SELECT period_end AS d FROM source_updates WHERE kind = $kind
       ${spec.fullFilesCount ? full : ''})`,
    spec.fullFilesCount ? { kind: spec.kind, source: spec.source } : { kind: spec.kind },
  );
  return rows[0]?.w ?? null;
}

async function finishSnapshot(
  conn: DuckDBConnection,
  s: {
    spec: UpdateSpec;
    snapshotId: string;
    fileName: string;
    sha256: string;
    published: string;
    rejected: number;
  },
): Promise<number> {
  const table = s.spec.source;
  // Same retention as a full import (LEIE keeps the previous snapshot for rescreening).
  await dropOldRows(conn, table, s.spec.source, s.snapshotId);
  const [{ n }] = await queryRows<{ n: number }>(
    conn,
    `SELECT count(*)::INTEGER AS n FROM ${table} WHERE snapshot_id = $id`,
    { id: s.snapshotId },
  );
  await conn.run(
    `INSERT INTO snapshots VALUES ($id, $source, $name, $sha, $published::DATE,
      now()::TIMESTAMP, $rows, $rejected)`,
    {
      id: s.snapshotId,
      source: table,
      name: s.fileName,
      sha: s.sha256,
      published: s.published,
      rows: n,
      rejected: s.rejected,
    },
  );
  return n;
}

async function recordUpdate(
  conn: DuckDBConnection,
  r: {
    spec: UpdateSpec;
    snapshotId: string;
    base: SnapshotInfo;
    fileName: string;
    sha256: string;
    period: Period;
  },
): Promise<void> {
  await conn.run(
    `INSERT INTO source_updates VALUES ($id, $source, $kind, $name, $sha, $start::DATE,
      $end::DATE, $base, now()::TIMESTAMP)`,
    {
      id: r.snapshotId,
      source: r.spec.source,
      kind: r.spec.kind,
      name: r.fileName,
      sha: r.sha256,
      start: r.period.start,
      end: r.period.end,
      base: r.base.id,
    },
  );
}

function emptyResult(job: Job, base: SnapshotInfo): UpdateResult {
  return {
    kind: job.spec.kind,
    source: job.spec.source,
    status: 'unchanged',
    snapshotId: null,
    baseSnapshotId: base.id,
    file: job.file,
    sha256: job.sha256,
    period: job.period,
    watermark: null,
    rows: base.rows,
    read: 0,
    rejected: 0,
    changes: {},
    warnings: [],
  };
}

async function withDuck<T>(ctx: StageContext, work: (c: DuckDBConnection) => Promise<T>) {
  const duck = await openDuck(ctx.ws);
  try {
    await ensureReferenceSchema(duck.conn);
    return await work(duck.conn);
  } finally {
    duck.close();
  }
}

function noBase(spec: UpdateSpec, path: string): CredkitError {
  return new CredkitError('E_NO_SNAPSHOT', `no ${spec.source} snapshot to apply ${spec.kind} to`, {
    file: basename(path),
    exit: ExitCode.usage,
    suggestion: `Import a full file first: credkit sources import ${spec.source} FILE`,
  });
}

function noPeriod(spec: UpdateSpec, path: string): CredkitError {
  return new CredkitError('E_UPDATE_PERIOD', `cannot tell the period of this ${spec.kind} file`, {
    file: basename(path),
    exit: ExitCode.usage,
    suggestion: 'Keep the official file name; it carries the dates.',
  });
}

async function hashFile(path: string): Promise<string> {
  try {
    return await fileSha256(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new CredkitError('E_FILE_UNREADABLE', `cannot read file (${code})`, {
      file: basename(path),
      exit: ExitCode.usage,
      cause: err,
    });
  }
}
