import { CredkitError } from '../errors.js';
import { PROVIDER_FIELDS } from '../model.js';
import type { Db } from '../store/sqlite.js';
import { providerColumn } from '../store/schema.js';
import { masterIdFor } from '../transform/dedupe/keys.js';
import { planMasters } from '../transform/dedupe/plan.js';
import type { MasterKind, MemberRow, PlannedMaster } from '../transform/dedupe/record.js';
import type { RowFlags } from '../transform/dedupe/status.js';
import type { StageContext } from './context.js';

/** Result of `credkit dedupe` (also its `--json`). */
export interface DedupeResult {
  /** Masters stored after the run. */
  masters: number;
  byKind: Record<MasterKind, number>;
  /** Roster rows that are members of a master after the run. */
  rowsLinked: number;
  /** Masters whose match key was new in this run. */
  created: number;
  /** Masters whose key existed before, so they kept their id (changed or not). */
  kept: number;
  /** Kept masters whose record or status changed (their `updated_at` moved). */
  updated: number;
  /** Masters whose key no rule produces any more (their rows left); deleted. */
  removed: number;
}

interface StoredMaster {
  id: string;
  kind: string;
  npi: string | null;
  record: string;
  status: string;
}

/**
 * Builds master records from all roster rows with the foundation rules (`transform/dedupe`) and
 * stores them. Idempotent: an unchanged roster changes no row, not even `updated_at`.
 */
export async function dedupe(ctx: StageContext): Promise<DedupeResult> {
  const rows = readMemberRows(ctx.db);
  const plan = planMasters(rows, readRowFlags(ctx.db));
  const result = ctx.db.transaction(() => store(ctx.db, plan, new Date().toISOString()))();
  ctx.log.event('info', 'dedupe.done', { ...result });
  return result;
}

export function readMemberRows(db: Db): MemberRow[] {
  const cols = PROVIDER_FIELDS.map((f) => `${providerColumn(f)} AS "${f}"`).join(', ');
  const sql = `SELECT id AS rowId, batch_id AS batchId, record AS recordNo, ${cols}
    FROM roster_rows ORDER BY id`;
  return db.prepare(sql).all() as MemberRow[];
}

export function readRowFlags(db: Db): Map<number, RowFlags> {
  const sql = `SELECT row_id AS rowId,
      MAX(outcome = 'excluded') AS excluded,
      MAX(source = 'nppes' AND reason = 'npi-deactivated') AS deactivated
    FROM checks GROUP BY row_id`;
  const out = new Map<number, RowFlags>();
  for (const r of db.prepare(sql).all() as {
    rowId: number;
    excluded: number;
    deactivated: number;
  }[]) {
    out.set(r.rowId, { excluded: r.excluded === 1, deactivated: r.deactivated === 1 });
  }
  return out;
}

function store(db: Db, plan: PlannedMaster[], now: string): DedupeResult {
  const existing = new Map<string, StoredMaster>();
  const all = db.prepare('SELECT id, kind, match_key AS key, npi, record, status FROM masters');
  for (const m of all.all() as (StoredMaster & { key: string })[]) existing.set(m.key, m);

  const counts = { created: 0, kept: 0, updated: 0 };
  const idByKey = new Map<string, string>();
  for (const m of plan) {
    const before = existing.get(m.key);
    idByKey.set(m.key, before ? before.id : insertMaster(db, m, now));
    if (!before) counts.created += 1;
    else {
      counts.kept += 1;
      if (updateMaster(db, before, m, now)) counts.updated += 1;
    }
  }
  const rowsLinked = linkMembers(db, plan, idByKey);
  const removed = removeOrphans(db, existing, idByKey);
  const byKind = { practitioner: 0, organization: 0 };
  for (const m of plan) byKind[m.kind] += 1;
  return { masters: plan.length, byKind, rowsLinked, ...counts, removed };
}

function insertMaster(db: Db, m: PlannedMaster, now: string): string {
  const id = masterIdFor(m.kind, m.key);
  const sql = `INSERT INTO masters
    (id, kind, match_key, npi, record, status, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
  try {
    db.prepare(sql).run(id, m.kind, m.key, m.npi, JSON.stringify(m.record), m.status, now, now);
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw err;
    throw new CredkitError('E_MASTER_ID_COLLISION', `master id ${id} is taken by another key`, {
      cause: err,
    });
  }
  return id;
}

/** Writes only when something differs, so reruns leave `updated_at` alone. */
function updateMaster(db: Db, before: StoredMaster, m: PlannedMaster, now: string): boolean {
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

/** Upserts memberships; a row whose key changed moves to its new master. */
function linkMembers(db: Db, plan: PlannedMaster[], idByKey: Map<string, string>): number {
  const current = new Map<number, string>();
  const rows = db.prepare('SELECT row_id AS rowId, master_id AS masterId FROM master_members');
  for (const r of rows.all() as { rowId: number; masterId: string }[]) {
    current.set(r.rowId, r.masterId);
  }
  const upsert = db.prepare(`INSERT INTO master_members (master_id, row_id) VALUES (?, ?)
    ON CONFLICT (row_id) DO UPDATE SET master_id = excluded.master_id`);
  let linked = 0;
  for (const m of plan) {
    const id = idByKey.get(m.key) as string;
    for (const rowId of m.rowIds) {
      linked += 1;
      if (current.get(rowId) !== id) upsert.run(id, rowId);
    }
  }
  return linked;
}

function removeOrphans(
  db: Db,
  existing: Map<string, StoredMaster>,
  idByKey: Map<string, string>,
): number {
  let removed = 0;
  for (const [key, m] of existing) {
    if (idByKey.has(key)) continue;
    db.prepare('DELETE FROM master_members WHERE master_id = ?').run(m.id);
    db.prepare('DELETE FROM masters WHERE id = ?').run(m.id);
    removed += 1;
  }
  return removed;
}
