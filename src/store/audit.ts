import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { CredkitError } from '../errors.js';
import type { Db } from './sqlite.js';

/** `prev_hash` of the first entry: the chain starts from a fixed, known value. */
export const GENESIS_HASH = '0'.repeat(64);

/** Detail keys that could carry a person's name, DOB or identifiers other than the NPI. */
const PII_KEYS = /^(ssn|tin|dob|birth.*|(first|last|middle|full|org)_?name|name|address.*)$/i;

export type AuditDetail = Record<string, unknown>;

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: AuditDetail;
  prevHash: string;
  hash: string;
}

export interface AuditInput {
  action: string;
  detail: AuditDetail;
  /** Defaults to `auditActor()`. */
  actor?: string;
  /** ISO instant; defaults to now. */
  at?: string;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first entry that breaks the chain, when `ok` is false. */
  broken?: { id: number; reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'unreadable-detail' };
}

/** Who is acting: `CREDKIT_ACTOR` when set (service accounts, tests), else the OS user. */
export function auditActor(): string {
  const fromEnv = process.env.CREDKIT_ACTOR?.trim();
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    // No passwd entry for the uid (some containers): the uid still names the account.
    return `uid:${process.getuid?.() ?? 'unknown'}`;
  }
}

/**
 * Appends one entry to the hash-chained audit log. Runs in an IMMEDIATE transaction (a
 * savepoint when the caller already holds one) so that reading the last hash and inserting the
 * next entry cannot interleave with another writer.
 */
export function appendAudit(db: Db, input: AuditInput): AuditEntry {
  assertNoPii(input.detail);
  const at = input.at ?? new Date().toISOString();
  const actor = input.actor ?? auditActor();
  const append = db.transaction((): AuditEntry => {
    const prevHash = lastHash(db);
    const hash = entryHash(prevHash, { at, actor, action: input.action, detail: input.detail });
    const info = db
      .prepare(
        `INSERT INTO audit_log (at, actor, action, detail, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(at, actor, input.action, canonicalJson(input.detail), prevHash, hash);
    const id = Number(info.lastInsertRowid);
    return { id, at, actor, action: input.action, detail: input.detail, prevHash, hash };
  });
  return db.inTransaction ? append() : append.immediate();
}

/** Recomputes every hash in id order; the first entry that does not fit breaks the chain. */
export function verifyAuditChain(db: Db): AuditVerification {
  const rows = db
    .prepare('SELECT id, at, actor, action, detail, prev_hash, hash FROM audit_log ORDER BY id')
    .iterate() as IterableIterator<AuditRow>;
  let prev = GENESIS_HASH;
  let entries = 0;
  for (const row of rows) {
    entries += 1;
    const detail = parseDetail(row.detail);
    if (detail === undefined) return broken(entries, row.id, 'unreadable-detail');
    if (row.prev_hash !== prev) return broken(entries, row.id, 'prev-hash-mismatch');
    const { at, actor, action } = row;
    if (entryHash(prev, { at, actor, action, detail }) !== row.hash) {
      return broken(entries, row.id, 'hash-mismatch');
    }
    prev = row.hash;
  }
  return { ok: true, entries };
}

/** Entries in id order, optionally only those of one action. */
export function readAudit(db: Db, action?: string): AuditEntry[] {
  const where = action ? 'WHERE action = ?' : '';
  const rows = db
    .prepare(`SELECT * FROM audit_log ${where} ORDER BY id`)
    .all(...(action ? [action] : [])) as AuditRow[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    detail: (parseDetail(r.detail) ?? {}) as AuditDetail,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

/** `sha256(prev_hash + canonical JSON of {at, actor, action, detail})`, hex. */
export function entryHash(
  prevHash: string,
  body: { at: string; actor: string; action: string; detail: unknown },
): string {
  return createHash('sha256')
    .update(prevHash + canonicalJson(body))
    .digest('hex');
}

/** JSON with object keys sorted at every depth, so equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj).sort()) {
    if (obj[key] !== undefined) out[key] = sortKeys(obj[key]);
  }
  return out;
}

/** The audit log outlives every export: refuse a detail that could hold a name or DOB. */
function assertNoPii(detail: unknown, path = 'detail'): void {
  if (detail === null || typeof detail !== 'object') return;
  for (const [key, value] of Object.entries(detail)) {
    if (PII_KEYS.test(key)) {
      throw new CredkitError('E_AUDIT_PII', `audit ${path}.${key} would hold personal data`, {
        field: key,
      });
    }
    assertNoPii(value, `${path}.${key}`);
  }
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

function lastHash(db: Db): string {
  const row = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
    { hash: string } | undefined;
  return row?.hash ?? GENESIS_HASH;
}

function parseDetail(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function broken(
  entries: number,
  id: number,
  reason: NonNullable<AuditVerification['broken']>['reason'],
): AuditVerification {
  return { ok: false, entries, broken: { id, reason } };
}
