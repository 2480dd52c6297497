import type { DuckDBConnection } from '@duckdb/node-api';
import type { Db } from '../store/sqlite.js';
import { sha256 } from '../transform/dedupe/keys.js';
import type { Edge } from '../transform/link/cluster.js';
import { comparisonsFor, levelColumn, type Kind } from '../transform/link/compare.js';
import { explainLevels, type ComparisonWeight } from '../transform/link/explain.js';
import type { Band } from '../transform/link/score.js';
import type { DedupeSettings } from '../transform/link/settings.js';
import { streamRows, type Scoring } from './dedupe-duck.js';

/** A scored pair as stored in `match_pairs`. */
export interface PairRecord {
  leftRow: number;
  rightRow: number;
  rules: string[];
  weight: number;
  probability: number;
  band: Band;
  comparisons: ComparisonWeight[];
}

/**
 * Reads the pairs worth keeping out of DuckDB: every link and review pair, and non-matches
 * whose weight reaches `keepNonMatchAbove`. The links are also the clustering's edges.
 */
export async function collectPairs(
  conn: DuckDBConnection,
  scoring: Scoring,
  settings: DedupeSettings,
  sink: (batch: PairRecord[]) => void = () => {},
): Promise<{ edges: Edge[]; stored: number }> {
  const cols = [...new Set(['individual', 'organization'].flatMap(kindColumns))];
  const sql = `SELECT lid::INTEGER, rid::INTEGER, rules, kind, weight, probability, band, tf,
      ${cols.join(', ')}
    FROM scored WHERE band <> 'non-match' OR weight >= ${settings.keepNonMatchAbove}
    ORDER BY lid, rid`;
  const edges: Edge[] = [];
  let pairs: PairRecord[] = [];
  let stored = 0;
  for await (const row of streamRows(conn, sql)) {
    const [lid, rid, rules, kind, weight, probability, band, tf, ...levels] = row;
    const model = scoring.models.find((m) => m.kind === kind);
    if (!model) continue;
    const byCol = new Map(cols.map((c, i) => [c, Number(levels[i])]));
    const own = kindColumns(kind as Kind).map((c) => byCol.get(c) ?? -1);
    const pair: PairRecord = {
      leftRow: Number(lid),
      rightRow: Number(rid),
      rules: String(rules).split(','),
      weight: Number(weight),
      probability: Number(probability),
      band: band as Band,
      comparisons: explainLevels(
        model,
        { levels: own, tf: tf === null ? null : Number(tf) },
        scoring.tfAverage,
        settings.tfWeight,
      ),
    };
    pairs.push(pair);
    if (pairs.length >= SINK_BATCH) {
      sink(pairs);
      stored += pairs.length;
      pairs = [];
    }
    if (pair.band === 'link')
      edges.push({ left: pair.leftRow, right: pair.rightRow, weight: pair.weight });
  }
  sink(pairs);
  return { edges, stored: stored + pairs.length };
}

/** Pairs handed to the sink at a time: they go to SQLite in batches, never all in memory. */
const SINK_BATCH = 5000;

function kindColumns(kind: string): string[] {
  return comparisonsFor(kind as Kind).map(levelColumn);
}

/** `mp-` + 16 hex of the SHA-256 of both rows' keys (`batch:record`), lower row id first. */
export function pairId(leftKey: string, rightKey: string): string {
  return `mp-${sha256(`${leftKey}|${rightKey}`).slice(0, 16)}`;
}

/**
 * A sink that replaces the stored pairs with this run's, one transaction per batch; ids are
 * stable, so decisions keep pointing at the same pairs.
 */
export function pairWriter(db: Db, now: string): (pairs: readonly PairRecord[]) => void {
  db.prepare('DELETE FROM match_pairs').run();
  return db.transaction((pairs: readonly PairRecord[]) => {
    writePairs(db, pairs, now);
  });
}

function writePairs(db: Db, pairs: readonly PairRecord[], now: string): number {
  const keyOf = db.prepare(`SELECT batch_id || ':' || record AS k FROM roster_rows WHERE id = ?`);
  const key = (id: number) => (keyOf.get(id) as { k: string } | undefined)?.k ?? `row:${id}`;
  const insert = db.prepare(`INSERT INTO match_pairs
    (id, left_row, right_row, rules, weight, probability, band, comparisons, scored_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const p of pairs) {
    insert.run(
      pairId(key(p.leftRow), key(p.rightRow)),
      p.leftRow,
      p.rightRow,
      JSON.stringify(p.rules),
      p.weight,
      p.probability,
      p.band,
      JSON.stringify(p.comparisons),
      now,
    );
  }
  return pairs.length;
}
