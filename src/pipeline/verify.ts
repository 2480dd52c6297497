import type { DuckDBConnection } from '@duckdb/node-api';
import type { StageContext } from './context.js';
import { OUTCOMES, SOURCES, type Outcome, type SourceName } from '../model.js';
import { usageError } from '../errors.js';
import { openDuck } from '../store/duckdb.js';
import { ensureReferenceSchema, latestSnapshot, type SnapshotInfo } from '../store/reference.js';
import type { CheckDecision } from '../transform/match-decision.js';
import { daysBetween, today } from '../sources/snapshot-dates.js';
import { copyRosterForChecks } from './verify-roster.js';
import { exclusionDecisions, nppesDecisions, rosterIds } from './verify-queries.js';
import { writeChecks, type SourceChecks } from './verify-checks.js';
import { layoutChecks, staleLayouts } from './verify-layouts.js';

export interface VerifyOptions {
  /** Sources to check. @default all of `SOURCES` (none when only `layouts` are given) */
  sources?: SourceName[];
  /**
   * Boards and state lists to check: `boards`, `state-lists` (every imported layout of the
   * kind) or one source such as `board:oh-med`. @default both groups when `sources` is not given
   */
  layouts?: string[];
  /**
   * A LEIE or SAM snapshot published more than this many days ago is stale; `null` turns the
   * rule off (the bundled demo files age with the repository). @default 35
   */
  maxAgeDays?: number | null;
  /** Date the checks are made for (exclusion end dates, staleness). @default today (UTC) */
  asOf?: string;
}

export interface VerifyResult {
  rowsChecked: number;
  checks: Record<Outcome, number>;
  bySource: Record<string, Record<Outcome, number>>;
  /** Sources whose latest snapshot is older than `maxAgeDays`. */
  stale: string[];
}

/** Lists that must be fresh: exclusions are added every month. */
const AGEING_SOURCES: readonly SourceName[] = ['leie', 'sam'];

export const DEFAULT_MAX_AGE_DAYS = 35;

/**
 * Checks every roster row against the latest snapshot of each source, set-based in DuckDB:
 * roster columns are copied into a temp table, one join query runs per source, and the
 * outcomes are written back to SQLite `checks` in one transaction. A source without any
 * snapshot gives `source-unavailable` for every row (fail closed).
 */
export async function verify(ctx: StageContext, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const layouts = opts.layouts ?? (opts.sources?.length ? [] : ['boards', 'state-lists']);
  const sources =
    opts.layouts?.length && !opts.sources?.length ? [] : normaliseSources(opts.sources);
  const maxAgeDays =
    opts.maxAgeDays === null ? Infinity : (opts.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS);
  const asOf = opts.asOf ?? today();

  const duck = await openDuck(ctx.ws);
  let results: SourceChecks[];
  let rowsChecked: number;
  try {
    await ensureReferenceSchema(duck.conn);
    rowsChecked = await copyRosterForChecks(ctx.db, duck.conn);
    results = [];
    for (const source of sources) results.push(await checkSource(duck.conn, source, asOf));
    results.push(...(await layoutChecks(duck.conn, layouts, asOf)));
  } finally {
    duck.close();
  }

  writeChecks(ctx.db, results, new Date().toISOString());
  const stale = results
    .filter((r) => isStale(r.source as SourceName, r.snapshot, asOf, maxAgeDays))
    .map((r) => r.source)
    .concat(staleLayouts(results, asOf, maxAgeDays));
  const result = { rowsChecked, ...tally(results), stale };
  ctx.log.event('info', 'verify.done', { rowsChecked, checks: result.checks, stale });
  return result;
}

async function checkSource(
  conn: DuckDBConnection,
  source: SourceName,
  asOf: string,
): Promise<SourceChecks> {
  const snapshot = await latestSnapshot(conn, source);
  if (!snapshot) return { source, snapshot, decisions: unavailable(await rosterIds(conn)) };
  const decisions =
    source === 'nppes'
      ? await nppesDecisions(conn, snapshot.id)
      : await exclusionDecisions(conn, source, snapshot.id, asOf);
  return { source, snapshot, decisions };
}

function unavailable(ids: number[]): Map<number, CheckDecision> {
  const d: CheckDecision = {
    outcome: 'source-unavailable',
    reason: 'no-snapshot',
    query: {},
    matched: null,
    rawSha256: null,
  };
  return new Map(ids.map((id) => [id, d]));
}

/** Whether a snapshot is too old to screen against; only the exclusion lists age. */
export function isStale(
  source: SourceName,
  snapshot: SnapshotInfo | null,
  asOf: string,
  maxAgeDays: number,
): boolean {
  if (!snapshot || !AGEING_SOURCES.includes(source)) return false;
  return daysBetween(snapshot.published, asOf) > maxAgeDays;
}

function normaliseSources(sources: SourceName[] | undefined): SourceName[] {
  if (!sources || sources.length === 0) return [...SOURCES];
  for (const s of sources) {
    if (!SOURCES.includes(s)) {
      throw usageError('E_BAD_SOURCE', `unknown source "${s}" (expected ${SOURCES.join(', ')})`);
    }
  }
  return [...new Set(sources)];
}

function zeroCounts(): Record<Outcome, number> {
  return Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
}

function tally(results: SourceChecks[]) {
  const checks = zeroCounts();
  const bySource: Record<string, Record<Outcome, number>> = {};
  for (const { source, decisions } of results) {
    const counts = (bySource[source] = zeroCounts());
    for (const d of decisions.values()) {
      counts[d.outcome]++;
      checks[d.outcome]++;
    }
  }
  return { checks, bySource };
}
