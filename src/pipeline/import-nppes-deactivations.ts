import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StageContext } from './context.js';
import type { Finding } from '../model.js';
import { queryRows } from '../store/duckdb.js';
import { ChunkAppender, NPPES_COLUMNS, type ColumnSpec } from '../store/reference.js';
import { MEMBER_PATTERNS } from '../sources/archive/members.js';
import { readDeactivations, reportDate } from '../sources/nppes/deactivations.js';
import {
  applyUpdate,
  type ApplyCounts,
  type ApplyJob,
  type UpdateResult,
} from './import-updates.js';

const REPORT_SPEC: ColumnSpec = [
  ['npi', 'text'],
  ['deactivation_date', 'date'],
  ['line', 'int'],
  ['raw_sha256', 'text'],
];
const MAX_WARNINGS = 100;

/**
 * Applies the NPPES Deactivated NPI Report (zip or .xlsx) on the latest NPPES snapshot: each
 * listed NPI gets the report's deactivation date unless the snapshot holds a later
 * reactivation; a listed NPI the snapshot lacks is added as a near-blank deactivated row, as
 * the monthly file carries them. The report is the full current list, not a delta; a report
 * dated before the last one applied is skipped (B27).
 */
export function importNppesDeactivations(ctx: StageContext, file: string): Promise<UpdateResult> {
  return applyUpdate(
    ctx,
    {
      kind: 'nppes-deactivations',
      source: 'nppes',
      member: MEMBER_PATTERNS.nppesDeactivations,
      period: async (path, readPath) => {
        const end = await reportDate(path, readPath);
        return end ? { start: null, end } : null;
      },
      fullFilesCount: false,
      published: 'base',
      apply: applyReport,
    },
    file,
  );
}

async function applyReport(conn: DuckDBConnection, job: ApplyJob): Promise<ApplyCounts> {
  const loaded = await loadReport(conn, job);
  await conn.run(`CREATE OR REPLACE TEMP TABLE deact AS
    SELECT npi, max(deactivation_date) AS deactivation_date, min(line) AS line,
      first(raw_sha256 ORDER BY line) AS raw_sha256
    FROM temp.deact_in GROUP BY npi`);
  const changes = await reportCounts(conn, job.base.id);
  const cols = NPPES_COLUMNS.map(([c]) => c);
  const select = cols.map((c) => {
    if (c === 'snapshot_id') return '$id';
    if (c !== 'deactivation_date') return `o.${c}`;
    return `CASE WHEN d.npi IS NOT NULL AND (o.reactivation_date IS NULL
      OR o.reactivation_date <= d.deactivation_date) THEN d.deactivation_date
      ELSE o.deactivation_date END`;
  });
  await conn.run(
    `INSERT INTO nppes SELECT ${select.join(', ')} FROM nppes o
     LEFT JOIN temp.deact d ON d.npi = o.npi WHERE o.snapshot_id = $base`,
    { id: job.snapshotId, base: job.base.id },
  );
  await conn.run(
    `INSERT INTO nppes (snapshot_id, line, raw_sha256, npi, deactivation_date)
     SELECT $id, line, raw_sha256, npi, deactivation_date FROM temp.deact d
     WHERE NOT EXISTS (SELECT 1 FROM nppes o WHERE o.snapshot_id = $base AND o.npi = d.npi)`,
    { id: job.snapshotId, base: job.base.id },
  );
  await conn.run('DROP TABLE temp.deact_in; DROP TABLE temp.deact');
  return { read: loaded.read, rejected: loaded.rejected, warnings: loaded.warnings, changes };
}

async function loadReport(conn: DuckDBConnection, job: ApplyJob) {
  await conn.run(`CREATE OR REPLACE TEMP TABLE deact_in (npi VARCHAR, deactivation_date DATE,
    line BIGINT, raw_sha256 VARCHAR)`);
  const appender = await ChunkAppender.open(conn, 'deact_in', REPORT_SPEC, 'temp');
  const warnings: Finding[] = [];
  let rejected = 0;
  try {
    for await (const it of readDeactivations(job.readPath)) {
      if (it.kind === 'row') {
        appender.add({
          npi: it.npi,
          deactivation_date: it.date,
          line: it.line,
          raw_sha256: it.rawSha256,
        });
      } else if (it.kind === 'reject') {
        rejected++;
        if (warnings.length < MAX_WARNINGS) warnings.push(rejectFinding(job, it.line, it.field));
      }
    }
  } finally {
    appender.close();
  }
  return { read: appender.rows + rejected, rejected, warnings };
}

async function reportCounts(conn: DuckDBConnection, base: string) {
  const [c] = await queryRows<Record<string, number>>(
    conn,
    `SELECT
       count(*) FILTER (WHERE o.npi IS NULL)::INTEGER AS added,
       count(*) FILTER (WHERE o.reactivation_date > d.deactivation_date)::INTEGER
         AS "reactivatedKept",
       count(*) FILTER (WHERE o.npi IS NOT NULL AND o.deactivation_date = d.deactivation_date
         AND NOT coalesce(o.reactivation_date > d.deactivation_date, false))::INTEGER
         AS "alreadyDeactivated",
       count(*) FILTER (WHERE o.npi IS NOT NULL AND o.deactivation_date IS DISTINCT FROM
         d.deactivation_date AND NOT coalesce(o.reactivation_date > d.deactivation_date, false))
         ::INTEGER AS marked
     FROM temp.deact d LEFT JOIN nppes o ON o.npi = d.npi AND o.snapshot_id = $base`,
    { base },
  );
  return c;
}

function rejectFinding(job: ApplyJob, line: number, field: string): Finding {
  const file = basename(job.readPath);
  const message = `row has no valid ${field}; not applied`;
  return { code: 'W_DEACTIVATION_ROW', severity: 'warning', file, line, field, message };
}
