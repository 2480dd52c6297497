import type { Db } from '../store/sqlite.js';
import type { Constraints } from '../transform/link/cluster.js';

interface DecisionRow {
  id: number;
  kind: 'match' | 'no-match' | 'merge' | 'split';
  pair_id: string | null;
  left_row: number | null;
  right_row: number | null;
  master_id: string | null;
  other_master_id: string | null;
  row_id: number | null;
}

/** Steward decisions turned into clustering constraints, and what they touched. */
export interface AppliedDecisions extends Constraints {
  applied: number;
  /** Decisions that name rows or masters that no longer exist. */
  unresolved: number;
  /** Master id -> merge decision that retires it (for lineage). */
  mergeOf: Map<string, { decision: number; rows: number[] }>;
  /** Row id -> split decision that took it out of its master (for lineage). */
  splitOf: Map<number, { decision: number; from: string; others: number[] }>;
}

const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);

/**
 * Reads `steward_decisions` in the order they were made; a later decision overrides an earlier
 * one on the rows it touches. `match` must-links two rows, `no-match` cannot-links them,
 * `merge` must-links every row of both masters, `split` cannot-links the row with every other
 * row of its master. Masters resolve to the rows recorded when the decision first took effect
 * (master_lineage detail), else to their members before this run.
 */
export function readDecisions(db: Db): AppliedDecisions {
  const decisions = db
    .prepare('SELECT * FROM steward_decisions ORDER BY id')
    .all() as DecisionRow[];
  const must = new Map<string, [number, number]>();
  const cannot = new Map<string, [number, number]>();
  const out: AppliedDecisions = {
    must: [],
    cannot: [],
    applied: 0,
    unresolved: 0,
    mergeOf: new Map(),
    splitOf: new Map(),
  };
  const rowsOf = membersReader(db);
  const recorded = lineageReader(db);
  const pairRows = pairReader(db);
  for (const d of decisions) {
    const ok = applyOne(d, { must, cannot, out, rowsOf, recorded, pairRows });
    if (ok) out.applied += 1;
    else out.unresolved += 1;
  }
  out.must = [...must.values()];
  out.cannot = [...cannot.values()];
  return out;
}

interface Apply {
  must: Map<string, [number, number]>;
  cannot: Map<string, [number, number]>;
  out: AppliedDecisions;
  rowsOf: (masterId: string) => number[];
  recorded: (decision: number) => Record<string, unknown> | null;
  pairRows: (pairId: string) => [number, number] | null;
}

function applyOne(d: DecisionRow, a: Apply): boolean {
  if (d.kind === 'match' || d.kind === 'no-match') {
    const rows =
      d.left_row !== null && d.right_row !== null
        ? ([d.left_row, d.right_row] as [number, number])
        : d.pair_id
          ? a.pairRows(d.pair_id)
          : null;
    if (!rows) return false;
    const key = pairKey(rows[0], rows[1]);
    (d.kind === 'match' ? a.cannot : a.must).delete(key);
    (d.kind === 'match' ? a.must : a.cannot).set(key, rows);
    return true;
  }
  if (d.kind === 'merge') return applyMerge(d, a);
  return applySplit(d, a);
}

function applyMerge(d: DecisionRow, a: Apply): boolean {
  if (!d.master_id || !d.other_master_id) return false;
  const saved = a.recorded(d.id)?.rows;
  const rows = Array.isArray(saved)
    ? (saved as number[])
    : [...new Set([...a.rowsOf(d.master_id), ...a.rowsOf(d.other_master_id)])];
  if (rows.length < 2) return false;
  rows.sort((x, y) => x - y);
  for (const r of rows.slice(1)) {
    for (const other of rows) a.cannot.delete(pairKey(r, other));
    a.must.set(pairKey(rows[0], r), [rows[0], r]);
  }
  const info = { decision: d.id, rows };
  a.out.mergeOf.set(d.master_id, info);
  a.out.mergeOf.set(d.other_master_id, info);
  return true;
}

function applySplit(d: DecisionRow, a: Apply): boolean {
  if (!d.master_id || d.row_id === null) return false;
  const row = d.row_id;
  const saved = a.recorded(d.id)?.others;
  const others = Array.isArray(saved)
    ? (saved as number[])
    : a.rowsOf(d.master_id).filter((r) => r !== row);
  if (others.length === 0) return false;
  for (const [key, [x, y]] of a.must) if (x === row || y === row) a.must.delete(key);
  for (const other of others) a.cannot.set(pairKey(row, other), [row, other]);
  a.out.splitOf.set(row, { decision: d.id, from: d.master_id, others });
  return true;
}

function membersReader(db: Db): (masterId: string) => number[] {
  const stmt = db.prepare('SELECT row_id AS r FROM master_members WHERE master_id = ?');
  return (id) => (stmt.all(id) as { r: number }[]).map((x) => x.r);
}

function lineageReader(db: Db): (decision: number) => Record<string, unknown> | null {
  const stmt = db.prepare(`SELECT detail FROM master_lineage
    WHERE json_valid(detail) AND json_extract(detail, '$.decision') = ? ORDER BY id LIMIT 1`);
  return (decision) => {
    const row = stmt.get(decision) as { detail: string } | undefined;
    return row ? (JSON.parse(row.detail) as Record<string, unknown>) : null;
  };
}

function pairReader(db: Db): (pairId: string) => [number, number] | null {
  const stmt = db.prepare('SELECT left_row AS l, right_row AS r FROM match_pairs WHERE id = ?');
  return (id) => {
    const row = stmt.get(id) as { l: number; r: number } | undefined;
    return row ? [row.l, row.r] : null;
  };
}
