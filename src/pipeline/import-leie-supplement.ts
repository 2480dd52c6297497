import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StageContext } from './context.js';
import type { Finding } from '../model.js';
import { queryRows } from '../store/duckdb.js';
import { ChunkAppender, LEIE_COLUMNS, columnsDdl } from '../store/reference.js';
import { readLeie } from '../sources/leie/read.js';
import { REINSTATEMENT_KEY, supplementOf } from '../sources/leie/supplement.js';
import {
  applyUpdate,
  type ApplyCounts,
  type ApplyJob,
  type UpdateResult,
} from './import-updates.js';

const COLUMNS = LEIE_COLUMNS.map(([name]) => name);
const MAX_WARNINGS = 100;

/**
 * Applies an OIG LEIE monthly supplement on the latest LEIE snapshot: an exclusions file
 * (`2605excl.csv`) adds its rows not listed already (same parsed row), a reinstatements file
 * (`2605rein.csv`) removes the rows with the same names, NPI, DOB and exclusion date. One whose
 * month ends before the latest full file's publication or an applied supplement is skipped
 * (B27). Supplements are hints: the next full `UPDATED.csv` is authoritative (sources.md §4).
 */
export function importLeieSupplement(ctx: StageContext, file: string): Promise<UpdateResult> {
  return applyUpdate(
    ctx,
    {
      kind: 'leie-supplement',
      source: 'leie',
      member: null,
      period: async (path) => {
        const s = supplementOf(path);
        return s ? { start: s.start, end: s.end } : null;
      },
      fullFilesCount: true,
      published: 'period',
      apply: (conn, job) => applySupplement(conn, job, supplementOf(job.fileName)!.kind),
    },
    file,
  );
}

async function applySupplement(
  conn: DuckDBConnection,
  job: ApplyJob,
  kind: 'excl' | 'rein',
): Promise<ApplyCounts> {
  const loaded = await loadRows(conn, job);
  const select = COLUMNS.map((c) => (c === 'snapshot_id' ? '$id' : c)).join(', ');
  const same = REINSTATEMENT_KEY.map((c) => `o.${c} IS NOT DISTINCT FROM s.${c}`).join(' AND ');
  const params = { id: job.snapshotId, base: job.base.id };
  let changes: Record<string, number>;
  if (kind === 'excl') {
    changes = await count(
      conn,
      job.base.id,
      `o.raw_sha256 = s.raw_sha256`,
      'added',
      'alreadyListed',
    );
    await conn.run(`INSERT INTO leie SELECT ${select} FROM leie WHERE snapshot_id = $base`, params);
    await conn.run(
      `INSERT INTO leie SELECT ${select}
       FROM (SELECT DISTINCT ON (raw_sha256) * FROM temp.supp_in) s WHERE NOT EXISTS
         (SELECT 1 FROM leie o WHERE o.snapshot_id = $base AND o.raw_sha256 = s.raw_sha256)`,
      params,
    );
  } else {
    changes = await count(conn, job.base.id, same, 'notListed', 'removed');
    await conn.run(
      `INSERT INTO leie SELECT ${select} FROM leie o WHERE o.snapshot_id = $base
       AND NOT EXISTS (SELECT 1 FROM temp.supp_in s WHERE ${same})`,
      params,
    );
  }
  await conn.run('DROP TABLE temp.supp_in');
  return { ...loaded, changes };
}

/** Supplement rows with and without a match in the base snapshot. */
async function count(
  conn: DuckDBConnection,
  base: string,
  match: string,
  without: string,
  withMatch: string,
): Promise<Record<string, number>> {
  const [c] = await queryRows<{ a: number; b: number }>(
    conn,
    `SELECT count(*) FILTER (WHERE NOT m)::INTEGER AS a, count(*) FILTER (WHERE m)::INTEGER AS b
     FROM (SELECT EXISTS (SELECT 1 FROM leie o WHERE o.snapshot_id = $base AND ${match}) AS m
       FROM temp.supp_in s)`,
    { base },
  );
  return { [without]: c.a, [withMatch]: c.b };
}

async function loadRows(conn: DuckDBConnection, job: ApplyJob) {
  await conn.run(`CREATE OR REPLACE TEMP TABLE supp_in (${columnsDdl(LEIE_COLUMNS)})`);
  const appender = await ChunkAppender.open(conn, 'supp_in', LEIE_COLUMNS, 'temp');
  const warnings: Finding[] = [];
  let rejected = 0;
  try {
    for await (const item of readLeie(job.readPath)) {
      if (item.kind === 'row') {
        appender.add({ ...item.values, snapshot_id: job.snapshotId });
        continue;
      }
      rejected++;
      if (warnings.length < MAX_WARNINGS) {
        const message = `record has ${item.fields} fields, header has ${item.expected}`;
        warnings.push({
          code: item.code,
          severity: 'warning',
          file: basename(job.readPath),
          line: item.line,
          message,
        });
      }
    }
  } finally {
    appender.close();
  }
  return { read: appender.rows + rejected, rejected, warnings };
}
