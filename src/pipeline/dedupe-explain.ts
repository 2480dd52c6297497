import { usageError } from '../errors.js';
import type { Db } from '../store/sqlite.js';
import type { ComparisonWeight, StoredPair } from '../transform/link/explain.js';
import type { Band } from '../transform/link/score.js';

export interface ExplainResult extends StoredPair {
  /** The latest steward decision on these two rows, which wins over the score. */
  decision: string | null;
}

interface PairRow {
  id: string;
  left_row: number;
  right_row: number;
  rules: string;
  weight: number;
  probability: number;
  band: Band;
  comparisons: string;
}

/**
 * A stored pair by id (`mp-…`) or by its two row ids (`12,34` or `12:34`), with the latest
 * steward decision on it. A pair that was never stored is a usage error (exit 2).
 */
export function explainPair(db: Db, ref: string): ExplainResult {
  const rows = /^(\d+)[,:](\d+)$/.exec(ref.trim());
  const sql = 'SELECT * FROM match_pairs WHERE ';
  const row = rows
    ? (db
        .prepare(`${sql} left_row = ? AND right_row = ?`)
        .get(...[Number(rows[1]), Number(rows[2])].sort((a, b) => a - b)) as PairRow | undefined)
    : (db.prepare(`${sql} id = ?`).get(ref.trim()) as PairRow | undefined);
  if (!row) {
    throw usageError('E_PAIR_NOT_FOUND', `no scored pair ${ref}`, {
      field: 'PAIR',
    });
  }
  return {
    id: row.id,
    leftRow: row.left_row,
    rightRow: row.right_row,
    rules: JSON.parse(row.rules) as string[],
    weight: row.weight,
    probability: row.probability,
    band: row.band,
    comparisons: JSON.parse(row.comparisons) as ComparisonWeight[],
    decision: latestDecision(db, row),
  };
}

function latestDecision(db: Db, p: PairRow): string | null {
  const d = db
    .prepare(
      `SELECT kind, actor, at FROM steward_decisions
       WHERE kind IN ('match', 'no-match') AND (pair_id = ?
         OR (left_row = ? AND right_row = ?) OR (left_row = ? AND right_row = ?))
       ORDER BY id DESC LIMIT 1`,
    )
    .get(p.id, p.left_row, p.right_row, p.right_row, p.left_row) as
    { kind: string; actor: string; at: string } | undefined;
  return d ? `${d.kind} by ${d.actor} at ${d.at}` : null;
}
