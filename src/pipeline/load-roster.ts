import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { usageError } from '../errors.js';
import { fileSha256 } from '../hash.js';
import type { Finding } from '../model.js';
import type { RosterItem, RosterReader } from '../sources/roster/csv.js';
import { openRoster, type OpenOptions } from '../sources/roster/open.js';
import { fieldLabel, mapHeader, pickFields, type ColumnMap } from '../sources/roster/mapping.js';
import { readerOptions } from '../sources/roster/options.js';
import { redactRaw } from '../sources/roster/sensitive.js';
import { resolveProfile } from '../sources/roster/profile-file.js';
import type { RosterProfile } from '../sources/roster/profiles.js';
import type { Db } from '../store/sqlite.js';
import { checkRosterRow, type RuleContext } from '../validate/roster-rules.js';
import type { StageContext } from './context.js';
import {
  BatchWriter,
  latestBatch,
  newBatchId,
  storedFindings,
  type BatchRecord,
  type RowCounts,
} from './roster-batches.js';

export type { RowCounts } from './roster-batches.js';

export interface LoadRosterOptions {
  /** One character, or `tab`. @default detected from the header line among `, \t | ;` */
  delimiter?: string;
  /** `utf-8`, `windows-1252` or `latin1`. @default 'utf-8' */
  encoding?: string;
  /** Load again a file whose exact bytes were loaded before, as a new batch. @default false */
  force?: boolean;
  /** Largest share of rejected data rows, 0..1, before the result is incomplete. @default 1 */
  maxRejectRate?: number;
  /** Called after each row read, for progress display. */
  onProgress?: (rowsRead: number) => void;
  /** Opens the file instead of the format dispatcher (a Bulk pull binds its other files). */
  open?: (path: string) => Promise<RosterReader>;
  /** Mapping profile: a built-in name (`generic`) or a JSON profile file. @default 'generic' */
  profile?: string;
  /** `.xlsx` worksheet, by name or 1-based position. @default the profile's, else the first */
  sheet?: string;
}

/** The stage result and the `--json` of `roster load`. */
export interface LoadResult {
  batchId: string;
  file: string;
  /** The earlier batch with the same file bytes when nothing was loaded, else null. */
  duplicateOf: string | null;
  /** Invariant: read = loaded + rejected + skipped. */
  rows: RowCounts;
  /** The first findings (at most FINDINGS_IN_RESULT); all are stored. */
  findings: Finding[];
  findingsTotal: number;
  rejectRateExceeded: boolean;
}

export const FINDINGS_IN_RESULT = 200;

/**
 * Loads one delimited roster into a new batch: every row is read, mapped by the profile,
 * normalised and validated; loaded rows, rejected rows (raw, as JSON) and findings are
 * written in one transaction, so a killed load leaves no partial batch. A file whose bytes
 * were loaded before is not loaded again unless `force` is set.
 */
export async function loadRoster(
  ctx: StageContext,
  file: string,
  opts: LoadRosterOptions = {},
): Promise<LoadResult> {
  const profile = await resolveProfile(opts.profile);
  const source = { ...profile.source, ...(opts.sheet === undefined ? {} : { sheet: opts.sheet }) };
  const reader = {
    ...readerOptions(opts.delimiter ?? source.delimiter, opts.encoding ?? source.encoding),
    source,
  };
  const maxRejectRate = rejectRateOption(opts.maxRejectRate);
  const path = await checkFile(file);
  const sha256 = await fileSha256(path);
  const prior = latestBatch(ctx.db, sha256);
  if (prior && !opts.force) {
    ctx.log.event('info', 'roster.load.duplicate', { batchId: prior.id, sha256 });
    return priorResult(ctx.db, prior, path, maxRejectRate);
  }
  const batchId = newBatchId(ctx.db, sha256);
  ctx.log.event('info', 'roster.load.start', { batchId, file: basename(path), sha256 });
  const job = {
    path,
    sha256,
    batchId,
    reader,
    profile,
    onProgress: opts.onProgress,
    open: opts.open,
  };
  const outcome = await loadBatch(ctx.db, job);
  const { rows, findingsTotal } = outcome;
  ctx.log.event('info', 'roster.load.done', { batchId, ...rows, findings: findingsTotal });
  const rejectRateExceeded = exceeds(rows, maxRejectRate);
  return { batchId, file: path, duplicateOf: null, ...outcome, rejectRateExceeded };
}

interface BatchJob {
  path: string;
  sha256: string;
  batchId: string;
  reader: OpenOptions;
  profile: RosterProfile;
  onProgress?: (rowsRead: number) => void;
  open?: (path: string) => Promise<RosterReader>;
}

type BatchOutcome = Pick<LoadResult, 'rows' | 'findings' | 'findingsTotal'>;

async function loadBatch(db: Db, job: BatchJob): Promise<BatchOutcome> {
  const roster = await (job.open ? job.open(job.path) : openRoster(job.path, job.reader));
  try {
    return await writeBatch(db, job, roster);
  } finally {
    roster.close();
  }
}

/** Reads the file and writes the whole batch inside one SQLite transaction. */
async function writeBatch(db: Db, job: BatchJob, roster: RosterReader): Promise<BatchOutcome> {
  const { profile } = job;
  const map = mapHeader(roster.header, profile, roster.file);
  const writer = new BatchWriter(db, job.batchId);
  const tally = new Tally();
  const rules: RuleContext = {
    label: (f) => fieldLabel(f, map, profile),
    dateFormats: profile.dateFormats,
    today: new Date().toISOString().slice(0, 10),
  };

  db.exec('BEGIN IMMEDIATE');
  try {
    writer.insertBatch(roster.file, job.sha256, profile);
    for (const name of map.unknown) tally.finding(writer, unknownColumn(roster.file, name));
    const { file, header } = roster;
    const items: ItemContext = { writer, tally, map, rules, file, header };
    for await (const item of roster.items) {
      handleItem(item, items);
      job.onProgress?.(tally.rows.read);
    }
    tally.assertBalanced();
    writer.finishBatch(tally.rows);
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
  return { rows: tally.rows, findings: tally.first, findingsTotal: tally.total };
}

interface ItemContext {
  writer: BatchWriter;
  tally: Tally;
  map: ColumnMap;
  rules: RuleContext;
  file: string;
  header: string[];
}

function handleItem(item: RosterItem, c: ItemContext): void {
  c.tally.rows.read++;
  if (item.kind === 'blank') {
    c.tally.rows.skipped++;
    return;
  }
  const place = { file: c.file, record: item.record, line: item.line };
  if (item.kind === 'broken') {
    const finding: Finding = {
      code: item.code,
      severity: 'error',
      ...place,
      message: item.message,
    };
    return reject(c, place, { '(unparsed)': item.text }, [finding]);
  }
  const raw = rawRecord(c.header, item.values);
  if (item.values.length !== c.header.length) {
    const message = `expected ${c.header.length} fields, got ${item.values.length}`;
    const finding: Finding = { code: 'E_FIELD_COUNT', severity: 'error', ...place, message };
    return reject(c, place, raw, [finding]);
  }
  const outcome = checkRosterRow(pickFields(item.values, c.map), place, c.rules);
  if (outcome.rejected) return reject(c, place, raw, outcome.findings);
  c.writer.insertRow(place, outcome.row);
  c.tally.rows.loaded++;
  for (const f of outcome.findings) c.tally.finding(c.writer, f);
}

function reject(
  c: ItemContext,
  place: { record: number; line: number },
  raw: Record<string, string>,
  findings: Finding[],
): void {
  c.writer.insertRejected(place, raw);
  c.tally.rows.rejected++;
  for (const f of findings) c.tally.finding(c.writer, f);
}

/** The record as read, keyed by header name (`column N` beyond it); SSN cells redacted. */
function rawRecord(header: string[], values: string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  values.forEach((v, i) => (raw[header[i] ?? `column ${i + 1}`] = v));
  return redactRaw(raw);
}

function unknownColumn(file: string, name: string): Finding {
  const message = `column '${name}' is not known to the roster profile; not loaded`;
  return { code: 'W_UNKNOWN_COLUMN', severity: 'warning', file, line: 1, message };
}

/** Row counts and the first findings; every finding also goes to the database. */
class Tally {
  readonly rows: RowCounts = { read: 0, loaded: 0, rejected: 0, skipped: 0 };
  readonly first: Finding[] = [];
  total = 0;

  finding(writer: BatchWriter, f: Finding): void {
    writer.insertFinding(f);
    this.total++;
    if (this.first.length < FINDINGS_IN_RESULT) this.first.push(f);
  }

  /** Reconciliation (reliability.md I2): every row read is loaded, rejected or skipped. */
  assertBalanced(): void {
    const { read, loaded, rejected, skipped } = this.rows;
    if (read !== loaded + rejected + skipped) {
      throw new Error(`row accounting broken: ${read} != ${loaded} + ${rejected} + ${skipped}`);
    }
  }
}

function priorResult(db: Db, batch: BatchRecord, path: string, maxRejectRate: number): LoadResult {
  const rows: RowCounts = {
    read: batch.rows_read,
    loaded: batch.rows_loaded,
    rejected: batch.rows_rejected,
    skipped: batch.rows_skipped,
  };
  const { findings, total } = storedFindings(db, batch, FINDINGS_IN_RESULT);
  return {
    batchId: batch.id,
    file: path,
    duplicateOf: batch.id,
    rows,
    findings,
    findingsTotal: total,
    rejectRateExceeded: exceeds(rows, maxRejectRate),
  };
}

/** The share of data rows rejected; blank lines do not count as data. */
function exceeds(rows: RowCounts, maxRejectRate: number): boolean {
  const data = rows.read - rows.skipped;
  return data > 0 && rows.rejected / data > maxRejectRate;
}

function rejectRateOption(value: number | undefined): number {
  if (value === undefined) return 1;
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw usageError('E_OPTION', `--max-reject-rate expected a fraction from 0 to 1, got ${value}`);
  }
  return value;
}

async function checkFile(file: string): Promise<string> {
  const path = resolve(file);
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    const code = err.code === 'ENOENT' ? 'E_FILE_NOT_FOUND' : 'E_FILE_UNREADABLE';
    throw usageError(code, `cannot open roster (${err.code ?? 'error'})`, { file: basename(path) });
  });
  if (!info.isFile())
    throw usageError('E_FILE_UNREADABLE', 'not a regular file', { file: basename(path) });
  return path;
}
