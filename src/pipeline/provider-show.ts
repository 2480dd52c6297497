import { CredkitError, ExitCode, usageError } from '../errors.js';
import { appendAudit, auditActor } from '../store/audit.js';
import type { Db } from '../store/sqlite.js';
import type { StageContext } from './context.js';
import { listDecisions, type DecisionFilter, type StewardDecision } from './steward-store.js';
import { birthYear } from './steward-review.js';

const MASTER_ID = /^[po]-[0-9a-f]{16}$/;
const NPI = /^\d{10}$/;

export interface MasterSummary {
  id: string;
  kind: string;
  matchKey: string;
  npi: string | null;
  status: string;
  createdAt: string;
  updatedAt: string;
  /** The survived record; `dob` cut to `birthYear` unless `--show-dob`. */
  record: Record<string, unknown>;
}

export interface MemberSource {
  rowId: number;
  batchId: string;
  file: string;
  record: number;
  line: number;
  loadedAt: string;
}

export interface MemberCheck {
  rowId: number;
  source: string;
  outcome: string;
  reason: string;
  snapshotId: string | null;
  /** Publication date of the snapshot the check used. */
  published: string | null;
  checkedAt: string;
}

export interface LineageEvent {
  id: number;
  masterId: string;
  event: string;
  otherMasterId: string | null;
  at: string;
  detail: string | null;
}

/** Result of `credkit provider show` (also its `--json`). */
export interface ProviderView {
  master: MasterSummary;
  dobShown: boolean;
  members: MemberSource[];
  checks: MemberCheck[];
  history: LineageEvent[];
  decisions: StewardDecision[];
}

export interface ProviderShowOptions {
  /** Show the full date of birth; writes an audit entry. */
  showDob?: boolean;
  actor?: string;
}

/** A master by id, or by NPI, with its members, their checks, its lineage and decisions. */
export function providerShow(
  ctx: StageContext,
  ref: string,
  opts: ProviderShowOptions = {},
): ProviderView {
  const { db } = ctx;
  const master = readMaster(db, resolveMaster(db, ref));
  const members = readMembers(db, master.id);
  const rowIds = members.map((m) => m.rowId);
  if (opts.showDob) {
    appendAudit(db, {
      action: 'provider.show-dob',
      detail: { masterId: master.id },
      actor: opts.actor ?? auditActor(),
    });
  } else maskDob(master.record);
  ctx.log.event('info', 'provider.show', { masterId: master.id, showDob: !!opts.showDob });
  const history = readLineage(db, master.id);
  return {
    master,
    dobShown: !!opts.showDob,
    members,
    checks: readChecks(db, master.id),
    history,
    decisions: listDecisions(db, relatedTo(master.id, rowIds, history)),
  };
}

/** A master id as given, or the one master that carries (or has a member with) the NPI. */
export function resolveMaster(db: Db, ref: string): string {
  const id = ref.trim();
  if (MASTER_ID.test(id)) {
    if (db.prepare('SELECT 1 FROM masters WHERE id = ?').get(id)) return id;
    throw notFound(db, id);
  }
  if (!NPI.test(id)) {
    throw usageError('E_OPTION', 'expected an NPI (10 digits) or a master id (p-/o- + 16 hex)');
  }
  let ids = column(db, 'SELECT id FROM masters WHERE npi = ? ORDER BY id', id);
  if (ids.length === 0) {
    ids = column(
      db,
      `SELECT DISTINCT m.master_id FROM master_members m JOIN roster_rows r ON r.id = m.row_id
       WHERE r.npi = ? ORDER BY m.master_id`,
      id,
    );
  }
  if (ids.length === 1) return ids[0];
  if (ids.length === 0) throw usageError('E_MASTER_NOT_FOUND', `no master for NPI ${id}`);
  throw new CredkitError('E_NPI_AMBIGUOUS', `NPI ${id} is on ${ids.length} masters`, {
    exit: ExitCode.usage,
    suggestion: `name one of them: ${ids.join(', ')}`,
  });
}

/** A master merged away no longer exists; its lineage says where its rows went. */
function notFound(db: Db, id: string): CredkitError {
  const merged = db
    .prepare(
      `SELECT other_master_id AS other FROM master_lineage
       WHERE master_id = ? AND event = 'merged-into' ORDER BY id DESC LIMIT 1`,
    )
    .get(id) as { other: string | null } | undefined;
  return new CredkitError('E_MASTER_NOT_FOUND', `no master ${id}`, {
    exit: ExitCode.usage,
    suggestion: merged?.other ? `it was merged into ${merged.other}` : undefined,
  });
}

function readMaster(db: Db, id: string): MasterSummary {
  const m = db
    .prepare(
      `SELECT id, kind, match_key AS matchKey, npi, status, record, created_at AS createdAt,
        updated_at AS updatedAt FROM masters WHERE id = ?`,
    )
    .get(id) as Omit<MasterSummary, 'record'> & { record: string };
  return { ...m, record: JSON.parse(m.record) as Record<string, unknown> };
}

function maskDob(record: Record<string, unknown>): void {
  const dob = typeof record.dob === 'string' ? record.dob : null;
  delete record.dob;
  record.birthYear = birthYear(dob);
}

function readMembers(db: Db, masterId: string): MemberSource[] {
  return db
    .prepare(
      `SELECT r.id AS rowId, r.batch_id AS batchId, b.file_name AS file, r.record, r.line,
        b.loaded_at AS loadedAt
       FROM master_members m JOIN roster_rows r ON r.id = m.row_id
       JOIN roster_batches b ON b.id = r.batch_id
       WHERE m.master_id = ? ORDER BY r.id`,
    )
    .all(masterId) as MemberSource[];
}

function readChecks(db: Db, masterId: string): MemberCheck[] {
  const rows = db
    .prepare(
      `SELECT c.row_id AS rowId, c.source, c.outcome, c.reason, c.snapshot_id AS snapshotId,
        c.evidence, c.checked_at AS checkedAt
       FROM checks c JOIN master_members m ON m.row_id = c.row_id
       WHERE m.master_id = ? ORDER BY c.source, c.row_id`,
    )
    .all(masterId) as (Omit<MemberCheck, 'published'> & { evidence: string })[];
  return rows.map(({ evidence, ...c }) => ({ ...c, published: published(evidence) }));
}

function published(evidence: string): string | null {
  try {
    const value = (JSON.parse(evidence) as { published?: unknown }).published;
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/**
 * A master's decisions: those naming it, a master in its lineage (the one it was split from,
 * those merged into it) or one of its rows, and those its lineage says it came from.
 */
function relatedTo(id: string, rowIds: number[], history: LineageEvent[]): DecisionFilter {
  const masterIds = [id, ...history.flatMap((h) => [h.masterId, h.otherMasterId ?? id])];
  const ids = history.map((h) => decisionOf(h.detail)).filter((d): d is number => d !== null);
  return { masterIds, rowIds, ids };
}

function decisionOf(detail: string | null): number | null {
  try {
    const value = (JSON.parse(detail ?? 'null') as { decision?: unknown } | null)?.decision;
    return typeof value === 'number' ? value : null;
  } catch {
    return null;
  }
}

function readLineage(db: Db, masterId: string): LineageEvent[] {
  return db
    .prepare(
      `SELECT id, master_id AS masterId, event, other_master_id AS otherMasterId, at, detail
       FROM master_lineage WHERE master_id = ? OR other_master_id = ? ORDER BY at, id`,
    )
    .all(masterId, masterId) as LineageEvent[];
}

function column(db: Db, sql: string, arg: string): string[] {
  return db.prepare(sql).pluck().all(arg) as string[];
}
