import { PROVIDER_FIELDS } from '../model.js';
import { isValidNpi } from '../transform/npi.js';
import { openDuckMemory } from '../store/duckdb.js';
import type { Db } from '../store/sqlite.js';
import { providerColumn } from '../store/schema.js';
import { buildMaster, outlineClusters } from '../transform/dedupe/outline.js';
import { keyContext } from '../transform/dedupe/plan.js';
import type { MasterKind, MemberRow } from '../transform/dedupe/record.js';
import type { RowFlags } from '../transform/dedupe/status.js';
import { clusterRows, type ClusterStats } from '../transform/link/cluster.js';
import { DEFAULT_SETTINGS, type DedupeSettings } from '../transform/link/settings.js';
import type { StageContext } from './context.js';
import { readDecisions } from './dedupe-decisions.js';
import { loadFeatures, scorePairs, type BlockingReport, type EmReport } from './dedupe-duck.js';
import { collectPairs, pairWriter } from './dedupe-pairs.js';
import { storeMasters } from './dedupe-store.js';

/** Result of `credkit dedupe` (also its `--json`). */
export interface DedupeResult {
  /** Masters stored after the run. */
  masters: number;
  byKind: Record<MasterKind, number>;
  /** Roster rows that are members of a master after the run. */
  rowsLinked: number;
  /** Masters with a new id in this run (including split-off parts). */
  created: number;
  /** Masters that kept their id (changed or not). */
  kept: number;
  /** Kept masters whose record or status changed (their `updated_at` moved). */
  updated: number;
  /** Ids retired because their rows joined another master (`merged-into` lineage). */
  merged: number;
  /** New ids split off a kept master (`split-from` lineage). */
  split: number;
  /** Ids retired with none of their rows left (`retired` lineage). */
  removed: number;
  pairs: BlockingReport & {
    link: number;
    review: number;
    nonMatch: number;
    /** Pairs stored in match_pairs (links, reviews and near non-matches) for `explain`. */
    stored: number;
  };
  clustering: ClusterStats;
  decisions: { applied: number; unresolved: number };
  em: EmReport[];
}

export interface DedupeOptions {
  /** Model, thresholds and survivorship; defaults when absent. */
  settings?: DedupeSettings;
}

/**
 * Links roster rows into masters: blocking, comparison and scoring in DuckDB over rows
 * streamed out of SQLite, then clustering of the links under steward decisions and the NPI
 * guard, survivorship, and storage with stable ids. Safe to call again at any time (a steward
 * command calls it right after recording a decision): an unchanged roster with no new
 * decision changes no master, not even `updated_at`.
 */
export async function dedupe(ctx: StageContext, opts: DedupeOptions = {}): Promise<DedupeResult> {
  const settings = opts.settings ?? DEFAULT_SETTINGS;
  const now = new Date().toISOString();
  const duck = await openDuckMemory(ctx.ws);
  let scored;
  try {
    await loadFeatures(ctx.db, duck.conn);
    const scoring = await scorePairs(duck.conn, settings);
    // Pairs go to SQLite as they stream out of DuckDB (their own transactions): at a million
    // rows they would not fit in memory together. Only the links stay, as clustering edges.
    const sink = pairWriter(ctx.db, now);
    const { edges, stored } = await collectPairs(duck.conn, scoring, settings, sink);
    scored = { scoring, edges, stored };
  } finally {
    duck.close();
  }
  const { scoring, edges, stored } = scored;
  const rows = readMemberRows(ctx.db);
  const flags = readRowFlags(ctx.db);
  // IMMEDIATE: the transaction reads before it writes, and a steward committing a decision in
  // between would otherwise fail it with SQLITE_BUSY_SNAPSHOT instead of making it wait.
  const result = ctx.db
    .transaction(() => {
      const decisions = readDecisions(ctx.db);
      const npiOf = individualNpis(rows);
      const { groups, stats } = clusterRows(
        rows.map((r) => r.rowId),
        npiOf,
        edges,
        decisions,
      );
      const byId = new Map(rows.map((r) => [r.rowId, r]));
      const clusters = [...groups.values()].map((ids) =>
        ids.map((id) => byId.get(id) as MemberRow),
      );
      const all = outlineClusters(clusters, keyContext(rows));
      const plan = all.outlines;
      const build = (o: (typeof plan)[number]) =>
        buildMaster(o, clusters, all, flags, settings.survivorship);
      const counts = storeMasters(ctx.db, plan, build, decisions, now);
      const byKind = { practitioner: 0, organization: 0 };
      for (const m of plan) byKind[m.kind] += 1;
      return {
        masters: plan.length,
        byKind,
        ...counts,
        pairs: {
          ...scoring.blocking,
          link: scoring.bands.link,
          review: scoring.bands.review,
          nonMatch: scoring.bands['non-match'],
          stored,
        },
        clustering: stats,
        decisions: { applied: decisions.applied, unresolved: decisions.unresolved },
        em: scoring.em,
      };
    })
    .immediate();
  ctx.log.event('info', 'dedupe.done', { ...result, em: undefined });
  return result;
}

/** Valid NPIs of individual rows that no organisation row carries (the NPI guard's input). */
function individualNpis(rows: readonly MemberRow[]): Map<number, string> {
  const orgNpis = new Set(
    rows.filter((r) => r.entityType === 'organization' && r.npi).map((r) => r.npi as string),
  );
  const out = new Map<number, string>();
  for (const r of rows) {
    if (r.entityType !== 'individual' || !r.npi || orgNpis.has(r.npi)) continue;
    if (isValidNpi(r.npi)) out.set(r.rowId, r.npi);
  }
  return out;
}

export function readMemberRows(db: Db): MemberRow[] {
  const cols = PROVIDER_FIELDS.map((f) => `r.${providerColumn(f)} AS "${f}"`).join(', ');
  const sql = `SELECT r.id AS rowId, r.batch_id AS batchId, r.record AS recordNo,
      b.file_name AS source, b.loaded_at AS loadedAt, ${cols}
    FROM roster_rows r JOIN roster_batches b ON b.id = r.batch_id ORDER BY r.id`;
  return db.prepare(sql).all() as MemberRow[];
}

export function readRowFlags(db: Db): Map<number, RowFlags> {
  const sql = `SELECT row_id AS rowId,
      MAX(outcome = 'excluded') AS excluded,
      MAX(source = 'nppes' AND reason = 'npi-deactivated') AS deactivated,
      MAX(source = 'nppes' AND outcome = 'verified') AS confirmed
    FROM checks GROUP BY row_id`;
  const out = new Map<number, RowFlags>();
  for (const r of db.prepare(sql).all() as {
    rowId: number;
    excluded: number;
    deactivated: number;
    confirmed: number;
  }[]) {
    out.set(r.rowId, {
      excluded: r.excluded === 1,
      deactivated: r.deactivated === 1,
      confirmed: r.confirmed === 1,
    });
  }
  return out;
}
