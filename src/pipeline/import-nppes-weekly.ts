import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StageContext } from './context.js';
import type { Finding } from '../model.js';
import { queryRows } from '../store/duckdb.js';
import { ChunkAppender, NPPES_COLUMNS, columnsDdl } from '../store/reference.js';
import { MEMBER_PATTERNS } from '../sources/archive/members.js';
import { readNppes } from '../sources/nppes/read.js';
import { weeklyPeriod } from '../sources/nppes/weekly.js';
import {
  applyUpdate,
  type ApplyCounts,
  type ApplyJob,
  type UpdateResult,
} from './import-updates.js';

const COLUMNS = NPPES_COLUMNS.map(([name]) => name);
const MAX_WARNINGS = 100;

/** The date a row speaks for: its latest update, deactivation or reactivation. */
const EFFECTIVE = (t: string) =>
  `greatest(${t}.last_update_date, ${t}.deactivation_date, ${t}.reactivation_date)`;

/**
 * Applies an NPPES weekly file (zip or its `npidata_pfile` CSV) on the latest NPPES snapshot.
 * Row by row, the weekly row replaces the NPI's row only when it is as new or newer (its latest
 * of Last Update, Deactivation and Reactivation Date), so an old weekly cannot undo a newer
 * one; new NPIs are added. A weekly ending before the last applied week or the monthly's
 * publication date is skipped (B27).
 */
export function importNppesWeekly(ctx: StageContext, file: string): Promise<UpdateResult> {
  return applyUpdate(
    ctx,
    {
      kind: 'nppes-weekly',
      source: 'nppes',
      member: MEMBER_PATTERNS.nppes,
      period: async (path, readPath) => weeklyPeriod(path, readPath),
      fullFilesCount: true,
      published: 'period',
      apply: applyWeekly,
    },
    file,
  );
}

async function applyWeekly(conn: DuckDBConnection, job: ApplyJob): Promise<ApplyCounts> {
  const loaded = await loadWeekly(conn, job);
  await conn.run(`CREATE OR REPLACE TEMP TABLE weekly_last AS
    SELECT * EXCLUDE (rn) FROM (SELECT *, row_number() OVER (PARTITION BY npi
      ORDER BY ${EFFECTIVE('w')} DESC NULLS LAST, line DESC) AS rn
      FROM temp.weekly_in w WHERE npi IS NOT NULL) WHERE rn = 1`);
  // A comparison with a missing date is null: the weekly row wins then only if the
  // stored row has no date either.
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE weekly_decision AS
     SELECT w.npi, o.npi IS NULL AS is_new,
       o.npi IS NULL OR coalesce(${EFFECTIVE('w')} >= ${EFFECTIVE('o')},
         ${EFFECTIVE('o')} IS NULL) AS wins,
       w.deactivation_date IS NOT NULL AND (w.reactivation_date IS NULL
         OR w.reactivation_date < w.deactivation_date) AS deactivated
     FROM temp.weekly_last w LEFT JOIN nppes o ON o.npi = w.npi AND o.snapshot_id = $base`,
    { base: job.base.id },
  );
  const select = COLUMNS.map((c) => (c === 'snapshot_id' ? '$id' : c)).join(', ');
  await conn.run(
    `INSERT INTO nppes SELECT ${select} FROM nppes o WHERE o.snapshot_id = $base
     AND NOT EXISTS (SELECT 1 FROM temp.weekly_decision d WHERE d.wins AND d.npi = o.npi)`,
    { id: job.snapshotId, base: job.base.id },
  );
  await conn.run(
    `INSERT INTO nppes SELECT ${select} FROM temp.weekly_last
     WHERE npi IN (SELECT npi FROM temp.weekly_decision WHERE wins)`,
    { id: job.snapshotId },
  );
  const changes = await decisionCounts(conn);
  await conn.run(
    'DROP TABLE temp.weekly_in; DROP TABLE temp.weekly_last; DROP TABLE temp.weekly_decision',
  );
  return { ...loaded, changes: { ...changes, noNpi: loaded.noNpi } };
}

async function loadWeekly(conn: DuckDBConnection, job: ApplyJob) {
  await conn.run(`CREATE OR REPLACE TEMP TABLE weekly_in (${columnsDdl(NPPES_COLUMNS)})`);
  const appender = await ChunkAppender.open(conn, 'weekly_in', NPPES_COLUMNS, 'temp');
  const warnings: Finding[] = [];
  let rejected = 0;
  let noNpi = 0;
  try {
    for await (const item of readNppes(job.readPath)) {
      if (item.kind === 'reject') {
        rejected++;
        if (warnings.length < MAX_WARNINGS)
          warnings.push(reject(job, item.line, item.fields, item.expected));
        continue;
      }
      if (item.values.npi === null) noNpi++;
      appender.add({ ...item.values, snapshot_id: job.snapshotId });
    }
  } finally {
    appender.close();
  }
  return { read: appender.rows + rejected, rejected, warnings, noNpi };
}

async function decisionCounts(conn: DuckDBConnection): Promise<Record<string, number>> {
  const [c] = await queryRows<Record<string, number>>(
    conn,
    `SELECT count(*) FILTER (WHERE wins AND is_new)::INTEGER AS inserted,
       count(*) FILTER (WHERE wins AND NOT is_new)::INTEGER AS updated,
       count(*) FILTER (WHERE NOT wins)::INTEGER AS "olderIgnored",
       count(*) FILTER (WHERE wins AND deactivated)::INTEGER AS deactivated
     FROM temp.weekly_decision`,
  );
  return c;
}

function reject(job: ApplyJob, line: number, fields: number, expected: number): Finding {
  const file = basename(job.readPath);
  const message = `record has ${fields} fields, header has ${expected}; not applied`;
  return { code: 'W_FIELD_COUNT', severity: 'warning', file, line, message };
}
