import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CredkitError, ExitCode, usageError } from '../errors.js';
import { newRunId } from '../log.js';
import { SmartAuth, type SmartAuthOptions } from '../sources/bulk/auth.js';
import { BulkHttp, type BulkTiming } from '../sources/bulk/client.js';
import { downloadFiles, planFiles } from '../sources/bulk/download.js';
import { awaitManifest, kickOff, kickOffUrl, ROSTER_TYPES } from '../sources/bulk/export.js';
import type { BulkManifest } from '../sources/bulk/manifest.js';
import {
  findResumable,
  pullsDir,
  saveState,
  type DoneFile,
  type PullState,
} from '../sources/bulk/state.js';
import { openFhirRoster } from '../sources/fhir/reader.js';
import type { StageContext } from './context.js';
import { loadRoster, type LoadResult } from './load-roster.js';

export interface PullRosterOptions {
  /** FHIR base URL of the server. */
  url: string;
  /** @default Practitioner, PractitionerRole, Organization, Location */
  types?: string[];
  /** Export one Group (`Group/[id]/$export`) instead of the whole server. */
  group?: string;
  /** FHIR instant: only resources changed since. */
  since?: string;
  /** SMART Backend Services credentials; without them requests carry no token. */
  auth?: Omit<SmartAuthOptions, 'base'>;
  /** Continue the newest unfinished pull of `url` instead of starting an export. */
  resume?: boolean;
  /** Parallel file downloads. @default 4 */
  concurrency?: number;
  /** Server progress (`X-Progress`) and download progress, for display. */
  onProgress?: (message: string) => void;
  /** Waits and retry limits; tests shorten them. */
  timing?: Partial<BulkTiming>;
}

export interface PulledFile {
  type: string;
  url: string;
  count: number;
  path: string;
}

/** The stage result and the `--json` of `roster pull`. */
export interface PullResult {
  pullId: string;
  statusUrl: string;
  transactionTime: string | null;
  files: PulledFile[];
  /** Files of the manifest's `error[]` (OperationOutcomes); any makes the pull incomplete. */
  errors: PulledFile[];
  /** One `loadRoster` result per Practitioner or Organization file. */
  batches: LoadResult[];
  incomplete: boolean;
}

/** Only these resource types are roster rows; the others are joined into them. */
const ROW_TYPES = new Set(['Practitioner', 'Organization']);

/**
 * Pulls a roster from a FHIR server with the Bulk Data `$export` flow (kick-off, polling,
 * parallel downloads) and loads it: one batch per Practitioner or Organization file, with
 * references resolved across every file of the export. Progress is saved in
 * `<workspace>/pulls/<id>/state.json` after each step, so `resume` continues where a killed
 * run stopped. A file that cannot be fetched ends the stage with exit 3 before anything loads.
 */
export async function pullRoster(ctx: StageContext, opts: PullRosterOptions): Promise<PullResult> {
  const base = baseUrl(opts.url);
  const concurrency = concurrencyOption(opts.concurrency);
  const { dir, state } = opts.resume ? resumable(ctx, base) : fresh(ctx, base, opts);
  const save = () => saveState(dir, state);
  save();
  const auth = opts.auth ? new SmartAuth({ ...opts.auth, base }) : undefined;
  const http = new BulkHttp(auth, opts.timing);
  if (!state.statusUrl) {
    state.statusUrl = await kickOff(http, state.request);
    ctx.log.event('info', 'roster.pull.kickoff', {
      pullId: state.pullId,
      statusUrl: state.statusUrl,
    });
    save();
  }
  if (!state.manifest) {
    state.manifest = await awaitManifest(http, state.statusUrl, opts.onProgress);
    save();
  }
  await fetchMissing(ctx, http, dir, state, concurrency, opts, save);
  const batches = await loadFiles(ctx, dir, state.files);
  state.batches = batches.map((b) => b.batchId);
  save();
  return result(state, state.manifest, dir, batches);
}

async function fetchMissing(
  ctx: StageContext,
  http: BulkHttp,
  dir: string,
  state: PullState,
  concurrency: number,
  opts: PullRosterOptions,
  save: () => void,
): Promise<void> {
  const manifest = state.manifest as BulkManifest;
  // A file counts as done only if it is still on disk under its final name.
  state.files = state.files.filter((f) => existsSync(join(dir, f.path)));
  const done = new Set(state.files.map((f) => f.url));
  const pending = planFiles(manifest).filter((f) => !done.has(f.url));
  const origin = new URL(state.base).origin;
  const failures = await downloadFiles(http, pending, {
    dir,
    concurrency,
    withToken: (url) => manifest.requiresAccessToken ?? new URL(url).origin === origin,
    onDone: (f: DoneFile) => {
      state.files.push(f);
      save();
      opts.onProgress?.(`downloaded ${state.files.length} of ${planFiles(manifest).length} files`);
    },
  });
  ctx.log.event('info', 'roster.pull.downloaded', {
    files: state.files.length,
    failed: failures.length,
  });
  if (failures.length === 0) return;
  const first = failures[0] as CredkitError;
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more files)` : '';
  throw new CredkitError(first.code, `${first.message}${more}`, {
    ...first.location,
    exit: ExitCode.incomplete,
    suggestion: first.suggestion,
  });
}

/** Loads each Practitioner and Organization file as a batch, joined with all the others. */
async function loadFiles(ctx: StageContext, dir: string, files: DoneFile[]): Promise<LoadResult[]> {
  const outputs = files
    .filter((f) => f.kind === 'output')
    .sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
  const related = outputs.map((f) => join(dir, f.path));
  const batches: LoadResult[] = [];
  for (const f of outputs.filter((o) => ROW_TYPES.has(o.type) && o.count > 0)) {
    const open = (path: string) => openFhirRoster(path, { related });
    batches.push(await loadRoster(ctx, join(dir, f.path), { open }));
  }
  return batches;
}

function result(state: PullState, m: BulkManifest, dir: string, batches: LoadResult[]): PullResult {
  const view = (f: DoneFile): PulledFile => ({
    type: f.type,
    url: f.url,
    count: f.count,
    path: join(dir, f.path),
  });
  const planned = planFiles(m).map((f) => f.path);
  const files = [...state.files].sort((a, b) => planned.indexOf(a.path) - planned.indexOf(b.path));
  const errors = files.filter((f) => f.kind === 'error').map(view);
  return {
    pullId: state.pullId,
    statusUrl: state.statusUrl as string,
    transactionTime: m.transactionTime,
    files: files.filter((f) => f.kind === 'output').map(view),
    errors,
    batches,
    incomplete: m.error.length > 0,
  };
}

function fresh(ctx: StageContext, base: string, opts: PullRosterOptions) {
  const pullId = newRunId();
  const request = kickOffUrl({
    base,
    types: opts.types?.length ? opts.types : ROSTER_TYPES,
    group: opts.group,
    since: sinceOption(opts.since),
  });
  const state: PullState = {
    version: 1,
    pullId,
    base,
    request,
    startedAt: new Date().toISOString(),
    statusUrl: null,
    manifest: null,
    files: [],
    batches: null,
  };
  return { dir: join(pullsDir(ctx.ws.root), pullId), state };
}

function resumable(ctx: StageContext, base: string) {
  const found = findResumable(ctx.ws.root, base);
  if (!found) {
    throw new CredkitError('E_PULL_NONE', `no unfinished pull of ${base} to resume`, {
      exit: ExitCode.usage,
      suggestion: 'Run without --resume to start a new export.',
    });
  }
  ctx.log.event('info', 'roster.pull.resume', { pullId: found.state.pullId });
  return found;
}

function baseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageError('E_OPTION', `--url expected an absolute http(s) URL, got "${url}"`);
  }
  if (!/^https?:$/.test(parsed.protocol) || parsed.search) {
    throw usageError('E_OPTION', '--url expected an http(s) FHIR base URL without a query');
  }
  return parsed.toString().replace(/\/+$/, '');
}

function concurrencyOption(value: number | undefined): number {
  if (value === undefined) return 4;
  if (!Number.isInteger(value) || value < 1 || value > 32) {
    throw usageError(
      'E_OPTION',
      `--concurrency expected a whole number from 1 to 32, got ${value}`,
    );
  }
  return value;
}

/** FHIR instant: a full date-time with a time zone. */
function sinceOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
  if (!instant.test(value) || Number.isNaN(Date.parse(value))) {
    throw usageError(
      'E_OPTION',
      `--since expected a FHIR instant (2026-02-01T00:00:00Z), got "${value}"`,
    );
  }
  return value;
}
