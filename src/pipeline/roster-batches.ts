/**
 * SQL of the roster load stage: the batch row, loaded rows, rejected rows and findings.
 * Callers hold the transaction.
 */
import type { Finding, ProviderRow } from '../model.js';
import { PROVIDER_FIELDS } from '../model.js';
import type { RosterProfile } from '../sources/roster/profiles.js';
import { providerColumn } from '../store/schema.js';
import type { Db } from '../store/sqlite.js';

export interface RowCounts {
  read: number;
  loaded: number;
  rejected: number;
  skipped: number;
}

export interface Place {
  record: number;
  line: number;
}

export interface BatchRecord {
  id: string;
  file_name: string;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  rows_skipped: number;
}

/** Prepared statements for one batch; callers hold the transaction. */
export class BatchWriter {
  private readonly row;
  private readonly rejected;
  private readonly finding;

  constructor(
    private readonly db: Db,
    readonly batchId: string,
  ) {
    const cols = PROVIDER_FIELDS.map(providerColumn);
    const marks = cols.map(() => '?').join(', ');
    this.row = db.prepare(
      `INSERT INTO roster_rows (batch_id, record, line, ${cols.join(', ')})
       VALUES (?, ?, ?, ${marks})`,
    );
    this.rejected = db.prepare(
      'INSERT INTO rejected_rows (batch_id, record, line, raw) VALUES (?, ?, ?, ?)',
    );
    this.finding = db.prepare(
      `INSERT INTO findings (batch_id, record, line, code, severity, field, message)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** The batch row goes first with zero counts (rows reference it); finishBatch sets them. */
  insertBatch(fileName: string, sha256: string, profile: RosterProfile): void {
    this.db
      .prepare(
        `INSERT INTO roster_batches (id, file_name, file_sha256, profile, loaded_at,
           rows_read, rows_loaded, rows_rejected, rows_skipped)
         VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0)`,
      )
      .run(this.batchId, fileName, sha256, profile.name, new Date().toISOString());
  }

  finishBatch(rows: RowCounts): void {
    this.db
      .prepare(
        `UPDATE roster_batches SET rows_read = ?, rows_loaded = ?, rows_rejected = ?,
           rows_skipped = ? WHERE id = ?`,
      )
      .run(rows.read, rows.loaded, rows.rejected, rows.skipped, this.batchId);
  }

  insertRow(place: Place, row: ProviderRow): void {
    this.row.run(this.batchId, place.record, place.line, ...PROVIDER_FIELDS.map((f) => row[f]));
  }

  insertRejected(place: Place, raw: Record<string, string>): void {
    this.rejected.run(this.batchId, place.record, place.line, JSON.stringify(raw));
  }

  insertFinding(f: Finding): void {
    this.finding.run(
      this.batchId,
      f.record ?? null,
      f.line ?? null,
      f.code,
      f.severity,
      f.field ?? null,
      f.message,
    );
  }
}

export function latestBatch(db: Db, sha256: string): BatchRecord | undefined {
  return db
    .prepare(
      `SELECT id, file_name, rows_read, rows_loaded, rows_rejected, rows_skipped
       FROM roster_batches WHERE file_sha256 = ? ORDER BY loaded_at DESC, id DESC LIMIT 1`,
    )
    .get(sha256) as BatchRecord | undefined;
}

/** `b-` and 12 hex digits of the file hash; a forced reload adds `-2`, `-3`, ... */
export function newBatchId(db: Db, sha256: string): string {
  const base = `b-${sha256.slice(0, 12)}`;
  const taken = db.prepare('SELECT 1 FROM roster_batches WHERE id = ?');
  let id = base;
  for (let n = 2; taken.get(id); n++) id = `${base}-${n}`;
  return id;
}

/** The first `limit` findings of a stored batch, in the order they were found, and the total. */
export function storedFindings(
  db: Db,
  batch: BatchRecord,
  limit: number,
): { findings: Finding[]; total: number } {
  const rows = db
    .prepare(
      `SELECT code, severity, record, line, field, message FROM findings
       WHERE batch_id = ? ORDER BY id LIMIT ?`,
    )
    .all(batch.id, limit) as Record<string, unknown>[];
  const findings = rows.map((r) => withoutNulls({ ...r, file: batch.file_name }));
  const count = db.prepare('SELECT count(*) AS n FROM findings WHERE batch_id = ?');
  const { n } = count.get(batch.id) as { n: number };
  return { findings, total: n };
}

function withoutNulls(f: Record<string, unknown>): Finding {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== null)) as unknown as Finding;
}
