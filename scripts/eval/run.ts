/**
 * Runs the dedupe stage on a labelled dataset in a throw-away workspace and scores it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROVIDER_FIELDS } from '../../src/model.js';
import { openContext } from '../../src/pipeline/context.js';
import { dedupe, type DedupeResult } from '../../src/pipeline/dedupe.js';
import type { Db } from '../../src/store/sqlite.js';
import { providerColumn } from '../../src/store/schema.js';
import { ensureWorkspace } from '../../src/store/workspace.js';
import type { DedupeSettings } from '../../src/transform/link/settings.js';
import { makeDataset, type DatasetOptions, type LabelledRow } from './dataset.js';
import { pairMetrics, type PairMetrics } from './metrics.js';

export interface EvalReport extends PairMetrics {
  rows: number;
  entities: number;
  /** Candidate pairs compared (after blocking). */
  pairs: number;
  byRule: Record<string, number>;
  thresholds: { link: number; review: number };
  /** Pairs left for steward review, and how many of them are true duplicates. */
  review: { pairs: number; trueMatches: number };
  seconds: number;
}

export async function runEval(
  opts: DatasetOptions,
  settings?: DedupeSettings,
): Promise<EvalReport> {
  const data = makeDataset(opts);
  const dir = mkdtempSync(join(tmpdir(), 'credkit-eval-'));
  const ctx = openContext(ensureWorkspace(dir), 'eval');
  try {
    const rowIds = insertLabelled(ctx.db, data);
    const entityOf = new Map(rowIds.map((id, i) => [id, data[i].entity]));
    const start = process.hrtime.bigint();
    const result = await dedupe(ctx, { settings });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const clusterOf = new Map<number, string>();
    const members = ctx.db.prepare('SELECT row_id AS r, master_id AS m FROM master_members');
    for (const { r, m } of members.all() as { r: number; m: string }[]) clusterOf.set(r, m);
    return {
      rows: data.length,
      entities: opts.entities,
      pairs: result.pairs.compared,
      byRule: result.pairs.byRule,
      thresholds: settings?.thresholds ?? { link: 0.99, review: 0.5 },
      ...pairMetrics(clusterOf, entityOf),
      review: reviewStats(ctx.db, entityOf, result),
      seconds,
    };
  } finally {
    ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function reviewStats(db: Db, entityOf: Map<number, number>, result: DedupeResult) {
  const rows = db
    .prepare("SELECT left_row AS l, right_row AS r FROM match_pairs WHERE band = 'review'")
    .all() as { l: number; r: number }[];
  const trueMatches = rows.filter((p) => entityOf.get(p.l) === entityOf.get(p.r)).length;
  return { pairs: result.pairs.review, trueMatches };
}

function insertLabelled(db: Db, data: readonly LabelledRow[]): number[] {
  db.prepare(
    `INSERT INTO roster_batches (id, file_name, file_sha256, profile, loaded_at, rows_read,
      rows_loaded, rows_rejected, rows_skipped) VALUES ('eval', 'eval.csv', 'eval', 'eval',
      '2026-01-01T00:00:00Z', ?, ?, 0, 0)`,
  ).run(data.length, data.length);
  const cols = PROVIDER_FIELDS.map(providerColumn);
  const insert = db.prepare(
    `INSERT INTO roster_rows (batch_id, record, line, ${cols.join(', ')})
     VALUES ('eval', ?, ?, ${cols.map(() => '?').join(', ')})`,
  );
  return db.transaction(() =>
    data.map((d, i) => {
      const values = PROVIDER_FIELDS.map((f) => d.row[f]);
      return Number(insert.run(i + 1, i + 2, ...values).lastInsertRowid);
    }),
  )();
}
