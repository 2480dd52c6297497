import { basename, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StageContext } from './context.js';
import { compactStamp } from '../log.js';
import { layoutSource, type Finding } from '../model.js';
import { usageError } from '../errors.js';
import { openDuck } from '../store/duckdb.js';
import {
  ChunkAppender,
  LAYOUT_TABLES,
  ensureReferenceSchema,
  latestSnapshots,
  type SnapshotInfo,
} from '../store/reference.js';
import { fromIso } from '../sources/snapshot-dates.js';
import { readStampDate } from '../sources/boards/dates.js';
import type { Layout } from '../sources/boards/layout.js';
import { readLayoutFile } from '../sources/boards/read.js';
import { fileSha256 } from '../hash.js';
import { dropOldRows, fileMtime, inTransaction } from './import-source.js';

export interface LayoutImportOptions {
  /** Publication date `YYYY-MM-DD`; overrides what the layout reads. */
  published?: string;
  onProgress?: (rows: number) => void;
}

/** `importSource`'s result for a board or state list; `source` is `board:<layout id>`. */
export interface LayoutImportResult {
  snapshotId: string;
  source: string;
  layout: string;
  file: string;
  sha256: string;
  published: string;
  rows: number;
  /** Records not imported (wrong field count, unreadable date). */
  rejected: number;
  unchanged: boolean;
  /** The first warnings (skipped records, unmapped statuses, bad NPIs), with line and field. */
  warnings: Finding[];
}

const MAX_WARNINGS = 100;

/**
 * Imports a board file or state list under its layout as a snapshot of `<kind>:<id>`, in one
 * DuckDB transaction. State lists keep the previous snapshot's rows (for `verify --rescreen`),
 * boards only the newest; checks read the newest only.
 */
export async function importLayoutFile(
  ctx: StageContext,
  layout: Layout,
  file: string,
  opts: LayoutImportOptions = {},
): Promise<LayoutImportResult> {
  const path = resolve(file);
  const mtime = fileMtime(path);
  const sha256 = await fileSha256(path);
  const source = layoutSource(layout.kind, layout.id);
  const duck = await openDuck(ctx.ws);
  try {
    await ensureReferenceSchema(duck.conn);
    const [latest] = await latestSnapshots(duck.conn, source, 1);
    if (latest?.fileSha256 === sha256) return unchanged(latest, layout, file);
    const snapshotId = `${layout.kind}-${layout.id}-${compactStamp()}-${sha256.slice(0, 8)}`;
    ctx.log.event('info', 'source.import.start', { source, file: basename(path), snapshotId });
    const meta = { source, path, snapshotId, sha256, layout, mtime };
    const r = await inTransaction(duck.conn, () => load(duck.conn, meta, opts));
    ctx.log.event('info', 'source.import.done', { source, snapshotId, rows: r.rows });
    return { snapshotId, source, layout: layout.id, file, sha256, ...r, unchanged: false };
  } finally {
    duck.close();
  }
}

interface Meta {
  source: string;
  path: string;
  snapshotId: string;
  sha256: string;
  layout: Layout;
  mtime: Date;
}

async function load(conn: DuckDBConnection, meta: Meta, opts: LayoutImportOptions) {
  const { table, columns } = LAYOUT_TABLES[meta.layout.kind];
  const appender = await ChunkAppender.open(conn, table, columns);
  const warnings: Finding[] = [];
  const file = basename(meta.path);
  let rejected = 0;
  let titleDate: string | null = null;
  try {
    for await (const item of readLayoutFile(meta.path, meta.layout)) {
      if (item.kind === 'published') titleDate = item.date;
      else if (item.kind === 'row') {
        appender.add({ ...item.values, snapshot_id: meta.snapshotId });
        if (appender.rows % 10_000 === 0) opts.onProgress?.(appender.rows);
      } else {
        if (item.skipped) rejected++;
        if (warnings.length >= MAX_WARNINGS) continue;
        const { code, line, field, message } = item;
        warnings.push({ code, severity: 'warning', file, line, field, message });
      }
    }
  } finally {
    appender.close();
  }
  const published = publication(meta, opts.published, titleDate);
  const rows = appender.rows;
  await dropOldRows(
    conn,
    table,
    meta.source,
    meta.snapshotId,
    meta.layout.kind === 'state-list',
    `layout = '${meta.layout.id}'`,
  );
  await conn.run(
    `INSERT INTO snapshots VALUES ($id, $source, $name, $sha, $published::DATE,
      now()::TIMESTAMP, $rows, $rejected)`,
    {
      id: meta.snapshotId,
      source: meta.source,
      name: file,
      sha: meta.sha256,
      published,
      rows,
      rejected,
    },
  );
  await conn.run(
    `INSERT OR REPLACE INTO layouts VALUES ($source, $kind, $id, $state, $name, $pattern)`,
    {
      source: meta.source,
      kind: meta.layout.kind,
      id: meta.layout.id,
      state: meta.layout.state,
      name: meta.layout.name,
      pattern: meta.layout.licensePattern?.source ?? null,
    },
  );
  return { published, rows, rejected, warnings };
}

/** --published, else what the layout says (title row, file name), else the file's mtime. */
function publication(meta: Meta, flag: string | undefined, titleDate: string | null): string {
  if (flag !== undefined) {
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(flag) ? fromIso(flag) : null;
    if (!iso) throw usageError('E_BAD_DATE', `--published must be YYYY-MM-DD, got "${flag}"`);
    return iso;
  }
  if (titleDate) return titleDate;
  const { layout } = meta;
  if (layout.publishedFrom === 'filename') {
    const m = layout.fileNameDatePattern!.exec(basename(meta.path));
    const date = m?.[1] ? readStampDate(m[1], layout.dateFormats) : null;
    if (date) return date;
    throw usageError('E_FILENAME_DATE', 'the file name carries no date the layout can read', {
      file: basename(meta.path),
    });
  }
  return meta.mtime.toISOString().slice(0, 10);
}

function unchanged(latest: SnapshotInfo, layout: Layout, file: string): LayoutImportResult {
  return {
    snapshotId: latest.id,
    source: latest.source,
    layout: layout.id,
    file,
    sha256: latest.fileSha256,
    published: latest.published,
    rows: latest.rows,
    rejected: latest.rejected,
    unchanged: true,
    warnings: [],
  };
}
