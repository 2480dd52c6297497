/**
 * The rejected rows of a roster batch with their reasons, as CSV or JSON, for the people who
 * fix the roster. Every text cell of the CSV is formula-neutralised (`safe-cell.ts`).
 */
import { writeFileAtomic } from '../store/atomic.js';
import { basename, resolve } from 'node:path';
import { CredkitError, ExitCode, usageError } from '../errors.js';
import { csvLine } from '../report/safe-cell.js';
import { redactRaw } from '../sources/roster/sensitive.js';
import type { Db } from '../store/sqlite.js';
import type { StageContext } from './context.js';

export const REJECTS_FORMATS = ['csv', 'json'] as const;
export type RejectsFormat = (typeof REJECTS_FORMATS)[number];

/** One error finding of a rejected record. */
export interface RejectReason {
  code: string;
  field: string | null;
  message: string;
  line: number | null;
}

/** A rejected record as read (SSN cells redacted) and every error that rejected it. */
export interface RejectedRow {
  record: number;
  line: number;
  raw: Record<string, string>;
  errors: RejectReason[];
}

export interface RejectsOptions {
  batchId: string;
  /** @default 'csv' */
  format?: RejectsFormat;
  /** File to write; without it the text is returned for the command to print. */
  out?: string;
}

/** The command's `--json`: how many rows, and the file written (null: printed to stdout). */
export interface RejectsResult {
  batchId: string;
  rows: number;
  path: string | null;
}

/** The result plus the rendered text when no file was written. */
export interface RejectsOutput extends RejectsResult {
  text: string | null;
}

/**
 * Renders the rejected rows of a batch. An unknown batch is `E_BATCH_NOT_FOUND` (exit 2). With
 * `out` the file is written atomically (temp name, fsync, rename) and mode 0600: it holds the
 * rows' personal data.
 */
export function rosterRejects(ctx: StageContext, opts: RejectsOptions): RejectsOutput {
  const format = opts.format ?? 'csv';
  const rows = rejectedRows(ctx.db, opts.batchId);
  const text = format === 'json' ? rejectsJson(opts.batchId, rows) : rejectsCsv(rows);
  const base = { batchId: opts.batchId, rows: rows.length };
  if (opts.out === undefined) return { ...base, path: null, text };
  const path = resolve(opts.out);
  writeAtomic(path, text);
  ctx.log.event('info', 'roster.rejects.written', { ...base, file: basename(path) });
  return { ...base, path, text: null };
}

/** The rejected rows of a batch in record order, each with its error findings. */
export function rejectedRows(db: Db, batchId: string): RejectedRow[] {
  const batch = db.prepare('SELECT 1 FROM roster_batches WHERE id = ?').get(batchId);
  if (!batch) {
    throw usageError('E_BATCH_NOT_FOUND', `no roster batch '${batchId}' in this workspace`);
  }
  const errors = reasonsByRecord(db, batchId);
  const stored = db
    .prepare('SELECT record, line, raw FROM rejected_rows WHERE batch_id = ? ORDER BY record')
    .all(batchId) as { record: number; line: number; raw: string }[];
  return stored.map((r) => ({
    record: r.record,
    line: r.line,
    raw: redactRaw(JSON.parse(r.raw) as Record<string, string>),
    errors: errors.get(r.record) ?? [],
  }));
}

function reasonsByRecord(db: Db, batchId: string): Map<number, RejectReason[]> {
  const rows = db
    .prepare(
      `SELECT record, line, code, field, message FROM findings
       WHERE batch_id = ? AND severity = 'error' AND record IS NOT NULL ORDER BY id`,
    )
    .all(batchId) as (RejectReason & { record: number })[];
  const by = new Map<number, RejectReason[]>();
  for (const { record, ...reason } of rows) {
    by.set(record, [...(by.get(record) ?? []), reason]);
  }
  return by;
}

/**
 * CSV: `record, line, error_codes, reasons`, then the file's own columns (the union over the
 * rows, in first-seen order). Valid NPIs and ZIPs never start with a formula character, so
 * neutralising every text cell leaves them untouched while junk in those columns is defused.
 */
export function rejectsCsv(rows: readonly RejectedRow[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.raw)))];
  const header = csvLine(['record', 'line', 'error_codes', 'reasons', ...columns]);
  const lines = rows.map((r) =>
    csvLine([
      r.record,
      r.line,
      r.errors.map((e) => e.code).join('; '),
      r.errors.map(reasonText).join('; '),
      ...columns.map((c) => r.raw[c] ?? null),
    ]),
  );
  return [header, ...lines].join('\r\n') + '\r\n';
}

function reasonText(e: RejectReason): string {
  const field = e.field ? ` [${e.field}]` : '';
  return `${e.code}${field}: ${e.message}`;
}

/** JSON: `{batchId, rows: [{record, line, errors, raw}]}`, one document. */
export function rejectsJson(batchId: string, rows: readonly RejectedRow[]): string {
  return JSON.stringify({ batchId, rows }, null, 2) + '\n';
}

function writeAtomic(path: string, text: string): void {
  try {
    writeFileAtomic(path, text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new CredkitError('E_WRITE', `cannot write the rejects file (${code})`, {
      file: basename(path),
      exit: ExitCode.failure,
      cause: err,
    });
  }
}
