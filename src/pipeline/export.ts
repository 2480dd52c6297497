import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync } from 'node:fs';
import { rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CredkitError, ExitCode, usageError } from '../errors.js';
import type { Db } from '../store/sqlite.js';
import type { MasterRecord } from '../transform/dedupe/record.js';
import { EXPORT_TYPES, buildResources, type MasterView } from '../transform/fhir/resources.js';
import { checkExportDir } from '../validate/ndjson.js';
import type { StageContext } from './context.js';

/** Notional server base used in `request` when none is given (no server exists). */
export const DEFAULT_BASE_URL = 'urn:credkit:export';
export const DEFAULT_MAX_PER_FILE = 10_000;

export interface ExportOptions {
  /** Parent folder of the export folder. @default the workspace's `exports/` */
  outDir?: string;
  /**
   * Where the files will be served. Given: `request` is `<baseUrl>/$export?...` and each
   * output `url` is the absolute `<baseUrl>/<file>` the Bulk Data IG asks for. Not given:
   * `request` uses `urn:credkit:export` and each `url` is the bare file name, relative to the
   * manifest, since no host is known.
   */
  baseUrl?: string;
  /** Resources per NDJSON file before a type is split into `2.<Type>.ndjson`... @default 10000 */
  maxPerFile?: number;
  /** Check the finished files (lines, counts, references, FHIR R4 schema) before publishing.
   * @default true */
  validate?: boolean;
}

/** Result of `credkit export` (also its `--json`). */
export interface ExportResult {
  exportId: string;
  exportDir: string;
  /** Path of `manifest.json`. */
  manifest: string;
  /** Resources written per type (0 for a type with no file). */
  resources: Record<string, number>;
  /** Masters left out because they are excluded or deactivated. */
  excluded: number;
}

interface OutFile {
  type: string;
  name: string;
  lines: string[];
}

/**
 * Writes the active masters as FHIR R4 Bulk Data NDJSON plus `manifest.json`. Files go to a
 * temporary folder next to the target, are fsynced, manifest last, then the folder is renamed
 * into place: a consumer never sees a half-written export.
 */
export async function exportBulk(
  ctx: StageContext,
  opts: ExportOptions = {},
): Promise<ExportResult> {
  const o = normalizeOptions(ctx, opts);
  const masters = readMasters(ctx.db);
  if (!masters.length) {
    throw new CredkitError('E_NO_MASTERS', 'no master records to export', {
      exit: ExitCode.usage,
      suggestion: 'Run `credkit dedupe` first.',
    });
  }
  const transactionTime = new Date().toISOString();
  const exportId = newExportId(ctx.db, o.parent, transactionTime);
  const set = buildResources(masters, transactionTime);
  const files = EXPORT_TYPES.flatMap((type) => splitFiles(type, set[type], o.maxPerFile));
  const manifest = buildManifest(transactionTime, o.baseUrl, files);
  const exportDir = publish(o.parent, exportId, files, manifest, o.validate);

  const resources = Object.fromEntries(EXPORT_TYPES.map((t) => [t, set[t].length]));
  recordExport(ctx.db, exportId, transactionTime, exportDir, { resources, excluded: set.excluded });
  ctx.log.event('info', 'export.done', { exportId, resources, excluded: set.excluded });
  const manifestPath = join(exportDir, 'manifest.json');
  return { exportId, exportDir, manifest: manifestPath, resources, excluded: set.excluded };
}

function normalizeOptions(ctx: StageContext, opts: ExportOptions) {
  const maxPerFile = opts.maxPerFile ?? DEFAULT_MAX_PER_FILE;
  if (!Number.isInteger(maxPerFile) || maxPerFile < 1) {
    throw usageError('E_BAD_OPTION', `max per file must be a positive integer, got ${maxPerFile}`);
  }
  return {
    parent: ensureDir(opts.outDir ? resolve(opts.outDir) : ctx.ws.exportsDir),
    baseUrl: opts.baseUrl === undefined ? undefined : checkBaseUrl(opts.baseUrl),
    maxPerFile,
    validate: opts.validate ?? true,
  };
}

function checkBaseUrl(value: string): string {
  const trimmed = value.replace(/\/+$/, '');
  if (!URL.canParse(trimmed) || /[?#]/.test(trimmed)) {
    throw usageError('E_BAD_BASE_URL', `base URL must be an absolute URL without query: ${value}`);
  }
  return trimmed;
}

function ensureDir(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (statSync(dir).isDirectory()) return dir;
  } catch {
    // Reported below with the path, which is what the user can act on.
  }
  throw usageError('E_BAD_OUT_DIR', `cannot use ${dir} as the export folder`);
}

export function readMasters(db: Db): MasterView[] {
  const rows = db.prepare('SELECT id, kind, npi, status, record FROM masters ORDER BY id').all();
  return (rows as (Omit<MasterView, 'record'> & { record: string })[]).map((r) => {
    try {
      return { ...r, record: JSON.parse(r.record) as MasterRecord };
    } catch (err) {
      throw new CredkitError('E_MASTER_RECORD', `master ${r.id} has an unreadable record`, {
        cause: err,
        suggestion: 'Run `credkit dedupe` to rebuild master records.',
      });
    }
  });
}

/** `e-<UTC stamp>`, with `-2`, `-3`... when an export already took that second. */
function newExportId(db: Db, parent: string, transactionTime: string): string {
  const base = `e-${transactionTime.replace(/[-:]/g, '').replace(/\.\d+/, '')}`;
  const taken = db.prepare('SELECT 1 FROM exports WHERE id = ?');
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!taken.get(id) && !existsSync(join(parent, id))) return id;
  }
}

/** `<n>.<Type>.ndjson` with n from 1 per type; a type with no resources gets no file. */
function splitFiles(type: string, resources: object[], max: number): OutFile[] {
  const files: OutFile[] = [];
  for (let i = 0; i < resources.length; i += max) {
    const lines = resources.slice(i, i + max).map((r) => JSON.stringify(r));
    files.push({ type, name: `${files.length + 1}.${type}.ndjson`, lines });
  }
  return files;
}

function buildManifest(transactionTime: string, baseUrl: string | undefined, files: OutFile[]) {
  const base = baseUrl ?? DEFAULT_BASE_URL;
  return {
    transactionTime,
    request: `${base}/$export?_type=${EXPORT_TYPES.join(',')}`,
    requiresAccessToken: false,
    output: files.map((f) => ({
      type: f.type,
      url: baseUrl ? `${baseUrl}/${f.name}` : f.name,
      count: f.lines.length,
    })),
    deleted: [],
    error: [],
  };
}

function publish(
  parent: string,
  exportId: string,
  files: OutFile[],
  manifest: object,
  validate: boolean,
): string {
  const tmp = join(parent, `.tmp-${exportId}-${process.pid}`);
  const final = join(parent, exportId);
  mkdirSync(tmp, { mode: 0o700 });
  try {
    for (const f of files) writeDurably(join(tmp, f.name), f.lines.map((l) => `${l}\n`).join(''));
    writeDurably(join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    if (validate) assertValid(tmp);
    fsyncPath(tmp);
    renameSync(tmp, final);
    fsyncPath(parent);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return final;
}

function writeDurably(path: string, content: string): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncPath(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function assertValid(dir: string): void {
  const problems = checkExportDir(dir, { schema: true });
  if (!problems.length) return;
  const first = problems[0];
  const count = problems.length;
  const message = `export failed its own checks (${count} problems); first: ${first.code}`;
  throw new CredkitError('E_EXPORT_INVALID', message, { file: first.file, line: first.line });
}

function recordExport(
  db: Db,
  id: string,
  transactionTime: string,
  dir: string,
  counts: object,
): void {
  const sql = `INSERT INTO exports (id, transaction_time, since, dir, status, counts)
    VALUES (?, ?, NULL, ?, 'complete', ?)`;
  db.prepare(sql).run(id, transactionTime, dir, JSON.stringify(counts));
}
