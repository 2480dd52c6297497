import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CredkitError, ExitCode, usageError } from '../errors.js';
import type { Db } from '../store/sqlite.js';
import { DEFAULT_AGENCY_NAME } from '../transform/fhir/provenance.js';
import {
  EXPORT_TYPES,
  buildResources,
  type ExportType,
  type ResourceSet,
} from '../transform/fhir/resources.js';
import { inspectExportDir } from '../validate/ndjson.js';
import type { StageContext } from './context.js';
import { credkitVersion, readChecks, readMasters, readRows } from './export-read.js';
import { readEndpointRows } from './export-endpoints.js';
import { holdUnscreened, screeningGaps } from './export-screening.js';
import { buildManifest, publish, splitFiles } from './export-files.js';
import { contentHash, deleteBundle, recordExport, resolveBaseline } from './export-since.js';

export { readMasters } from './export-read.js';

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
  /** Check the finished files (lines, counts, references, FHIR R4 schema, profile rules)
   * before publishing. @default true */
  validate?: boolean;
  /** `last` (the watermark) or a FHIR instant: write only what changed since, plus `deleted`.
   * @default undefined (a full export) */
  since?: string;
  /** Write `.ndjson.gz` files (manifest urls name them). @default false */
  gzip?: boolean;
  /** Name of the state agency Organization (validator, attester, custodian).
   * @default "State Medicaid Agency" */
  agencyName?: string;
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
  /** Active masters left out because a required source has not screened them (exit 3). */
  unscreened: number;
  /** Resources listed in `deleted` (0 on a full export). */
  deleted: number;
  /** OperationOutcomes in `error`: masters or roles left out for a missing required element. */
  errors: number;
  /** The `_since` instant of an incremental export; null for a full one. */
  since: string | null;
}

/**
 * Writes the active masters as FHIR R4 Bulk Data NDJSON plus `manifest.json` (Plan-Net
 * directory resources, NDH VerificationResults, Provenance), published atomically. With
 * `since`, only resources whose content changed since the baseline go to `output`, and those
 * gone since go to `deleted`. The watermark moves only once the export is complete.
 */
export async function exportBulk(
  ctx: StageContext,
  opts: ExportOptions = {},
): Promise<ExportResult> {
  const o = normalizeOptions(ctx, opts);
  const screened = holdUnscreened(readMasters(ctx.db), screeningGaps(ctx.db));
  const masters = screened.masters;
  if (!masters.length) {
    throw new CredkitError('E_NO_MASTERS', 'no master records to export', {
      exit: ExitCode.usage,
      suggestion: 'Run `credkit dedupe` first.',
    });
  }
  const baseline = o.since === undefined ? null : resolveBaseline(ctx.db, o.since);
  const npis = masters.filter((m) => m.status === 'active' && m.npi).map((m) => m.npi!);
  const endpoints = await readEndpointRows(ctx.ws, npis);
  const transactionTime = new Date().toISOString();
  const exportId = newExportId(ctx.db, o.parent, transactionTime);
  const set = buildResources(masters, transactionTime, {
    checks: readChecks(ctx.db),
    rows: readRows(ctx.db),
    agencyName: o.agencyName,
    version: credkitVersion(),
    endpoints,
  });
  set.errors.push(...screened.held);
  const hashes = hashAll(set, transactionTime);
  const chosen = baseline ? changedSince(set, hashes, baseline.items) : fullSet(set);
  const files = [
    ...EXPORT_TYPES.flatMap((t) => splitFiles('output', t, chosen.output[t], o.maxPerFile, o.gzip)),
    ...chosen.deleted.flatMap(([t, list]) => splitFiles('deleted', t, list, o.maxPerFile, o.gzip)),
    ...splitFiles('error', 'OperationOutcome', set.errors, o.maxPerFile, o.gzip),
  ];
  const since = baseline?.since ?? null;
  const manifest = buildManifest({
    transactionTime,
    baseUrl: o.baseUrl,
    defaultBase: DEFAULT_BASE_URL,
    types: EXPORT_TYPES,
    since,
    files,
  });
  const known = new Set(hashes.keys());
  const exportDir = publish(o.parent, exportId, files, manifest, (dir) => {
    if (o.validate) assertValid(dir, known);
  });

  const resources = Object.fromEntries(EXPORT_TYPES.map((t) => [t, chosen.output[t].length]));
  const deleted = chosen.deleted.reduce((n, [, list]) => n + list.length, 0);
  const unscreened = screened.held.length;
  const excluded = set.excluded - unscreened;
  const counts = { resources, excluded, unscreened, deleted, errors: set.errors.length };
  recordExport(ctx.db, { id: exportId, transactionTime, since, dir: exportDir, counts }, hashes);
  ctx.log.event('info', 'export.done', { exportId, since, ...counts });
  const manifestPath = join(exportDir, 'manifest.json');
  return { exportId, exportDir, manifest: manifestPath, ...counts, since };
}

function normalizeOptions(ctx: StageContext, opts: ExportOptions) {
  const maxPerFile = opts.maxPerFile ?? DEFAULT_MAX_PER_FILE;
  if (!Number.isInteger(maxPerFile) || maxPerFile < 1) {
    throw usageError('E_BAD_OPTION', `max per file must be a positive integer, got ${maxPerFile}`);
  }
  const agencyName = (opts.agencyName ?? DEFAULT_AGENCY_NAME).trim();
  if (!agencyName) throw usageError('E_BAD_OPTION', 'agency name must not be empty');
  return {
    parent: ensureDir(opts.outDir ? resolve(opts.outDir) : ctx.ws.exportsDir),
    baseUrl: opts.baseUrl === undefined ? undefined : checkBaseUrl(opts.baseUrl),
    maxPerFile,
    validate: opts.validate ?? true,
    since: opts.since,
    gzip: opts.gzip ?? false,
    agencyName,
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

/** `e-<UTC stamp>`, with `-2`, `-3`... when an export already took that second. */
function newExportId(db: Db, parent: string, transactionTime: string): string {
  const base = `e-${transactionTime.replace(/[-:]/g, '').replace(/\.\d+/, '')}`;
  const taken = db.prepare('SELECT 1 FROM exports WHERE id = ?');
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!taken.get(id) && !existsSync(join(parent, id))) return id;
  }
}

type Chosen = {
  output: Record<ExportType, { resourceType: string; id: string }[]>;
  deleted: [type: string, bundles: object[]][];
};

function fullSet(set: ResourceSet): Chosen {
  return { output: set, deleted: [] };
}

/** `Type/id` -> content hash of every resource of the full set. */
function hashAll(set: ResourceSet, transactionTime: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of EXPORT_TYPES) {
    for (const r of set[t])
      out.set(`${t}/${r.id}`, contentHash(JSON.stringify(r), transactionTime));
  }
  return out;
}

/**
 * Resources new or changed against the baseline, plus the Provenance of every changed target
 * (its `recorded` says when the change was exported); `deleted` holds what the baseline had
 * and the full set no longer has, so `deleted` and `output` never share a resource.
 */
function changedSince(
  set: ResourceSet,
  hashes: ReadonlyMap<string, string>,
  before: ReadonlyMap<string, string>,
): Chosen {
  const changed = (t: string, id: string) => before.get(`${t}/${id}`) !== hashes.get(`${t}/${id}`);
  const output = {} as Chosen['output'];
  for (const t of EXPORT_TYPES) output[t] = set[t].filter((r) => changed(t, r.id));
  const touched = new Set(
    [...output.Practitioner, ...output.Organization].map((r) => `${r.resourceType}/${r.id}`),
  );
  output.Provenance = set.Provenance.filter(
    (p) => changed('Provenance', p.id) || touched.has(p.target[0].reference ?? ''),
  );
  const gone = new Map<string, object[]>();
  for (const key of [...before.keys()].sort()) {
    if (hashes.has(key)) continue;
    const type = key.slice(0, key.indexOf('/'));
    const list = gone.get(type) ?? [];
    list.push(deleteBundle(key));
    gone.set(type, list);
  }
  return { output, deleted: [...gone.entries()] };
}

function assertValid(dir: string, known: ReadonlySet<string>): void {
  const { problems } = inspectExportDir(dir, { schema: true, profiles: true, knownIds: known });
  if (!problems.length) return;
  const first = problems[0];
  const count = problems.length;
  const first3 = `${first.code} ${first.message}`;
  const message = `export failed its own checks (${count} problems); first: ${first3}`;
  throw new CredkitError('E_EXPORT_INVALID', message, { file: first.file, line: first.line });
}
