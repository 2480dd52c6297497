import { writeFileAtomic } from '../store/atomic.js';
import { join } from 'node:path';
import type { StageContext } from './context.js';
import { openDuckMemory } from '../store/duckdb.js';
import { copyRosterRows } from '../store/duck-copy.js';
import { measureQuality, type FieldQuality } from '../report/quality.js';
import { csvLine } from '../report/safe-cell.js';
import { dataFile } from '../data-files.js';

export interface QualityResult {
  batchId: string | null;
  rows: number;
  fields: FieldQuality[];
  reportPath: string;
  csvPath: string;
}

/**
 * Copies the loaded roster rows into an in-memory DuckDB, measures every field there and
 * writes `reports/quality.json` and `reports/quality.csv` (each replaced atomically).
 */
export async function reportQuality(
  ctx: StageContext,
  opts: { batchId?: string } = {},
): Promise<QualityResult> {
  const duck = await openDuckMemory(ctx.ws);
  try {
    const rows = await copyRosterRows(ctx.db, duck.conn, 'roster', opts.batchId);
    const nucc = dataFile('nucc-taxonomy.csv').replace(/'/g, "''");
    await duck.conn.run(
      `CREATE TABLE nucc AS SELECT "Code" AS code
       FROM read_csv('${nucc}', header = true, all_varchar = true)`,
    );
    const fields = await measureQuality(duck.conn, 'roster');
    const result = { batchId: opts.batchId ?? null, rows, fields };
    const paths = writeReport(ctx.ws.reportsDir, result);
    ctx.log.event('info', 'report.quality', { rows, batchId: result.batchId });
    return { ...result, ...paths };
  } finally {
    duck.close();
  }
}

function writeReport(
  dir: string,
  result: Omit<QualityResult, 'reportPath' | 'csvPath'>,
): { reportPath: string; csvPath: string } {
  const reportPath = join(dir, 'quality.json');
  const csvPath = join(dir, 'quality.csv');
  const header = ['field', 'applies_to', 'rows', 'present', 'valid', 'completeness', 'validity'];
  const lines = result.fields.map((f) =>
    csvLine([f.field, f.appliesTo, f.rows, f.present, f.valid, f.completeness, f.validity]),
  );
  writeFileAtomic(reportPath, JSON.stringify(result, null, 2) + '\n');
  writeFileAtomic(csvPath, [header.join(','), ...lines].join('\n') + '\n');
  return { reportPath, csvPath };
}
