import { usageError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import type { Db } from '../store/sqlite.js';

export type DecisionKind = 'match' | 'no-match' | 'merge' | 'split';

/** One row of `steward_decisions`, as the commands return it. */
export interface StewardDecision {
  id: number;
  kind: DecisionKind;
  pairId: string | null;
  leftRow: number | null;
  rightRow: number | null;
  masterId: string | null;
  otherMasterId: string | null;
  rowId: number | null;
  actor: string;
  at: string;
  note: string | null;
}

export type DecisionInput = Omit<StewardDecision, 'id'>;

export interface StoredPair {
  id: string;
  leftRow: number;
  rightRow: number;
  band: string;
}

const DECISION_COLUMNS = `id, kind, pair_id AS pairId, left_row AS leftRow,
  right_row AS rightRow, master_id AS masterId, other_master_id AS otherMasterId,
  row_id AS rowId, actor, at, note`;

/**
 * Stores a decision and its audit entry in one short IMMEDIATE transaction: the write lock is
 * taken at BEGIN (waiting up to busy_timeout for the nightly job's transaction to end) and
 * held only for two inserts, so neither side sees SQLITE_BUSY. `build` validates the ids and
 * runs inside the transaction, so what it checked cannot change before the insert.
 */
export function insertDecision(
  db: Db,
  build: () => DecisionInput,
): { decision: StewardDecision; auditId: number } {
  const write = db.transaction(() => {
    const input = build();
    const info = db
      .prepare(
        `INSERT INTO steward_decisions (kind, pair_id, left_row, right_row, master_id,
          other_master_id, row_id, actor, at, note)
         VALUES (@kind, @pairId, @leftRow, @rightRow, @masterId, @otherMasterId, @rowId,
          @actor, @at, @note)`,
      )
      .run(input);
    const decision = { id: Number(info.lastInsertRowid), ...input };
    const audit = appendAudit(db, {
      action: `steward.${input.kind}`,
      detail: auditDetail(decision),
      actor: input.actor,
      at: input.at,
    });
    return { decision, auditId: audit.id };
  });
  return write.immediate();
}

/** Ids only: a steward's free-text note may name the person, so only its presence is logged. */
function auditDetail(d: StewardDecision): Record<string, unknown> {
  const detail: Record<string, unknown> = { decisionId: d.id, hasNote: d.note !== null };
  if (d.pairId !== null) detail.pairId = d.pairId;
  if (d.leftRow !== null) detail.rows = [d.leftRow, d.rightRow];
  if (d.masterId !== null) detail.masterId = d.masterId;
  if (d.otherMasterId !== null) detail.otherMasterId = d.otherMasterId;
  if (d.rowId !== null) detail.rowId = d.rowId;
  return detail;
}

export function findPair(db: Db, pairId: string): StoredPair {
  const pair = db
    .prepare(
      `SELECT id, left_row AS leftRow, right_row AS rightRow, band FROM match_pairs
       WHERE id = ?`,
    )
    .get(pairId) as StoredPair | undefined;
  if (!pair) {
    throw usageError('E_PAIR_NOT_FOUND', `no scored pair ${pairId}; see credkit dedupe review`);
  }
  return pair;
}

export function requireMaster(db: Db, masterId: string): void {
  const found = db.prepare('SELECT 1 FROM masters WHERE id = ?').get(masterId);
  if (!found) throw usageError('E_MASTER_NOT_FOUND', `no master ${masterId}`);
}

/** A split must leave the master with at least one row, so its only member cannot go. */
export function requireMember(db: Db, masterId: string, rowId: number): void {
  const rows = db
    .prepare('SELECT row_id AS rowId FROM master_members WHERE master_id = ?')
    .all(masterId) as { rowId: number }[];
  if (!rows.some((r) => r.rowId === rowId)) {
    throw usageError('E_ROW_NOT_MEMBER', `row ${rowId} is not a member of master ${masterId}`);
  }
  if (rows.length === 1) {
    throw usageError('E_SPLIT_ONLY_MEMBER', `row ${rowId} is the only member of ${masterId}`);
  }
}

export interface DecisionFilter {
  /** Decisions naming any of these masters (merge, split). */
  masterIds?: readonly string[];
  /** Decisions naming any of these rows (pair side, split row). */
  rowIds?: readonly number[];
  /** Decisions with these ids (as master lineage records them). */
  ids?: readonly number[];
}

/**
 * Decisions in the order they were taken; with a filter, those matching any of its parts —
 * what `provider show` lists for a master.
 */
export function listDecisions(db: Db, filter?: DecisionFilter): StewardDecision[] {
  const all = db
    .prepare(`SELECT ${DECISION_COLUMNS} FROM steward_decisions ORDER BY id`)
    .all() as StewardDecision[];
  if (!filter) return all;
  const masters = new Set(filter.masterIds ?? []);
  const rows = new Set(filter.rowIds ?? []);
  const ids = new Set(filter.ids ?? []);
  return all.filter(
    (d) =>
      ids.has(d.id) ||
      [d.masterId, d.otherMasterId].some((m) => m !== null && masters.has(m)) ||
      [d.leftRow, d.rightRow, d.rowId].some((r) => r !== null && rows.has(r)),
  );
}
