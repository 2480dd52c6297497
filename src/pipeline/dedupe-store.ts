import { CredkitError } from '../errors.js';
import type { Db } from '../store/sqlite.js';
import { assignIds, type ExistingMaster, type IdAssignment } from '../transform/dedupe/ids.js';
import type { MasterKind } from '../transform/dedupe/record.js';
import type { MasterOutline } from '../transform/dedupe/outline.js';
import type { MasterRecord, MasterStatus } from '../transform/dedupe/record.js';
import type { AppliedDecisions } from './dedupe-decisions.js';

export interface StoreCounts {
  created: number;
  kept: number;
  updated: number;
  /** Ids retired because their rows joined a master that kept another id. */
  merged: number;
  /** New ids for rows that left a master whose id another part kept. */
  split: number;
  /** Ids retired with none of their rows left in any master. */
  removed: number;
  rowsLinked: number;
}

interface StoredMaster {
  id: string;
  kind: MasterKind;
  key: string;
  createdAt: string;
}

/** A master's record and status, built when the store reaches it. */
export type BuildMaster = (o: MasterOutline) => { record: MasterRecord; status: MasterStatus };

/** Reads the stored masters with their members (the state before this run). */
export function readExisting(db: Db): {
  masters: Map<string, StoredMaster>;
  list: ExistingMaster[];
} {
  const masters = new Map<string, StoredMaster>();
  // Records are not read here: at a million masters they would not fit in memory together.
  const sql = `SELECT id, kind, match_key AS key, created_at AS createdAt FROM masters`;
  for (const m of db.prepare(sql).all() as StoredMaster[]) masters.set(m.id, m);
  const rows = new Map<string, number[]>();
  const members = db.prepare('SELECT master_id AS m, row_id AS r FROM master_members');
  for (const { m, r } of members.iterate() as Iterable<{ m: string; r: number }>) {
    const list = rows.get(m);
    if (list) list.push(r);
    else rows.set(m, [r]);
  }
  const list = [...masters.values()].map((m) => ({
    id: m.id,
    kind: m.kind,
    key: m.key,
    createdAt: m.createdAt,
    rowIds: rows.get(m.id) ?? [],
  }));
  return { masters, list };
}

/**
 * Stores the planned masters with stable ids (see `assignIds`) and records lineage: `created`
 * for a new id, `split-from` for a new id cut out of a kept one, `merged-into` or `retired`
 * for an id that is gone. Unchanged masters are not written, so `updated_at` stays put.
 */
export function storeMasters(
  db: Db,
  plan: readonly MasterOutline[],
  build: BuildMaster,
  decisions: AppliedDecisions,
  now: string,
): StoreCounts {
  const { masters, list } = readExisting(db);
  const { assignments, retired } = assignIds(plan, list);
  const counts: StoreCounts = {
    created: 0,
    kept: 0,
    updated: 0,
    merged: 0,
    split: 0,
    removed: 0,
    rowsLinked: 0,
  };
  const lineage = db.prepare(`INSERT INTO master_lineage
    (master_id, event, other_master_id, at, detail) VALUES (?, ?, ?, ?, ?)`);
  for (const r of retired) {
    db.prepare('DELETE FROM master_members WHERE master_id = ?').run(r.id);
    db.prepare('DELETE FROM masters WHERE id = ?').run(r.id);
    const merge = decisions.mergeOf.get(r.id);
    const detail = {
      rows: merge?.rows ?? r.rowIds,
      ...(merge ? { decision: merge.decision } : {}),
    };
    lineage.run(r.id, r.into ? 'merged-into' : 'retired', r.into, now, JSON.stringify(detail));
    if (r.into) counts.merged += 1;
    else counts.removed += 1;
  }
  const stored = db.prepare('SELECT kind, npi, record, status FROM masters WHERE id = ?');
  plan.forEach((o, i) => {
    const a = assignments[i];
    const m = { ...o, ...build(o) };
    if (a.kept && masters.has(a.id)) {
      counts.kept += 1;
      const before = { id: a.id, ...(stored.get(a.id) as Omit<Stored, 'id'>) };
      if (updateMaster(db, before, m, now)) counts.updated += 1;
      return;
    }
    insertMaster(db, m, a, now);
    counts.created += 1;
    if (a.splitFrom) counts.split += 1;
    lineage.run(...lineageOfNew(m, a, decisions, now));
  });
  counts.rowsLinked = linkMembers(db, plan, assignments);
  return counts;
}

type Planned = MasterOutline & { record: MasterRecord; status: MasterStatus };

interface Stored {
  id: string;
  kind: string;
  npi: string | null;
  record: string;
  status: string;
}

function lineageOfNew(
  m: MasterOutline,
  a: IdAssignment,
  decisions: AppliedDecisions,
  now: string,
): [string, string, string | null, string, string] {
  if (!a.splitFrom) {
    return [a.id, 'created', null, now, JSON.stringify({ key: a.key, rows: m.rowIds.length })];
  }
  const split = [...decisions.splitOf.entries()].find(
    ([row, s]) =>
      s.from === a.splitFrom &&
      (m.rowIds.includes(row) || s.others.some((o) => m.rowIds.includes(o))),
  );
  const detail = split
    ? { rows: m.rowIds, decision: split[1].decision, row: split[0], others: split[1].others }
    : { rows: m.rowIds };
  return [a.id, 'split-from', a.splitFrom, now, JSON.stringify(detail)];
}

function insertMaster(db: Db, m: Planned, a: IdAssignment, now: string): void {
  const sql = `INSERT INTO masters
    (id, kind, match_key, npi, record, status, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
  try {
    db.prepare(sql).run(a.id, m.kind, a.key, m.npi, JSON.stringify(m.record), m.status, now, now);
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (!code.startsWith('SQLITE_CONSTRAINT')) throw err;
    throw new CredkitError('E_MASTER_ID_COLLISION', `master id ${a.id} is taken by another key`, {
      cause: err,
    });
  }
}

/** Writes only when something differs, so reruns leave `updated_at` alone. */
function updateMaster(db: Db, before: Stored, m: Planned, now: string): boolean {
  const record = JSON.stringify(m.record);
  const same =
    before.kind === m.kind &&
    before.npi === m.npi &&
    before.record === record &&
    before.status === m.status;
  if (same) return false;
  db.prepare(
    'UPDATE masters SET kind = ?, npi = ?, record = ?, status = ?, updated_at = ? WHERE id = ?',
  ).run(m.kind, m.npi, record, m.status, now, before.id);
  return true;
}

/** Upserts memberships; a row whose cluster changed moves to its new master. */
function linkMembers(
  db: Db,
  plan: readonly MasterOutline[],
  assignments: readonly IdAssignment[],
): number {
  const current = new Map<number, string>();
  const rows = db.prepare('SELECT row_id AS rowId, master_id AS masterId FROM master_members');
  for (const r of rows.iterate() as Iterable<{ rowId: number; masterId: string }>) {
    current.set(r.rowId, r.masterId);
  }
  const upsert = db.prepare(`INSERT INTO master_members (master_id, row_id) VALUES (?, ?)
    ON CONFLICT (row_id) DO UPDATE SET master_id = excluded.master_id`);
  let linked = 0;
  plan.forEach((m, i) => {
    const id = assignments[i].id;
    for (const rowId of m.rowIds) {
      linked += 1;
      if (current.get(rowId) !== id) upsert.run(id, rowId);
    }
  });
  return linked;
}
