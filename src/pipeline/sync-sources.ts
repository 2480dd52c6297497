import { mkdirSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../store/atomic.js';
import { basename, join } from 'node:path';
import type { StageContext } from './context.js';
import { CredkitError, ExitCode } from '../errors.js';
import type { Backoff } from '../sources/http/retry.js';
import { downloadResumable } from '../sources/download/resumable.js';
import { SYNC_KINDS, type SyncEntry } from '../sources/download/sync-config.js';
import { importKind } from './import-kind.js';
import type { ImportResult } from './import-source.js';
import type { UpdateResult } from './import-updates.js';

export interface SyncSourceResult {
  status: 'imported' | 'unchanged' | 'failed';
  /** The downloaded file (under `<workspace>/downloads/<name>/`), or null. */
  file: string | null;
  sha256: string | null;
  snapshotId?: string;
  error?: { code: string; message: string };
}

export interface SyncResult {
  sources: Record<string, SyncSourceResult>;
}

export interface SyncOptions {
  /** Entry names to sync; all when absent. */
  only?: string[];
  /** Where API keys are read from. @default process.env */
  env?: Record<string, string | undefined>;
  backoff?: Backoff;
  maxAttempts?: number;
  onProgress?: (name: string, bytes: number, total?: number) => void;
}

/** What the last successful sync of an entry got, to skip an unchanged remote file. */
interface EntryState {
  etag: string | null;
  lastModified: string | null;
  sha256: string;
  file: string;
  snapshotId?: string;
}

/**
 * Downloads each configured official file (resumable, checksummed) and imports it, full files
 * before the updates applied on them. Entries are independent: one failing is reported in its
 * result and the others still import (R2); each success is recorded at once in
 * `downloads/sync-state.json`, so a later run skips files the server reports unchanged.
 */
export async function syncSources(
  ctx: StageContext,
  entries: Record<string, SyncEntry>,
  opts: SyncOptions = {},
): Promise<SyncResult> {
  const dir = join(ctx.ws.root, 'downloads');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const state = readState(dir);
  const names = ordered(entries).filter((n) => !opts.only || opts.only.includes(n));
  const sources: Record<string, SyncSourceResult> = {};
  for (const name of names) {
    try {
      sources[name] = await syncOne(ctx, dir, name, entries[name], state, opts);
      writeState(dir, state);
    } catch (err) {
      const e = err instanceof CredkitError ? err : null;
      const error = { code: e?.code ?? 'E_UNEXPECTED', message: (err as Error).message };
      ctx.log.event('error', 'sources.sync.failed', { name, code: error.code });
      sources[name] = { status: 'failed', file: null, sha256: null, error };
    }
  }
  return { sources };
}

async function syncOne(
  ctx: StageContext,
  dir: string,
  name: string,
  entry: SyncEntry,
  state: Record<string, EntryState>,
  opts: SyncOptions,
): Promise<SyncSourceResult> {
  const { url, headers } = withKey(entry, opts.env ?? process.env, name);
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const prev = state[name];
  ctx.log.event('info', 'sources.sync.download', { name, url: redactUrl(url) });
  const got = await downloadResumable({
    url,
    headers,
    target: join(folder, localName(entry, url, name)),
    part: join(dir, `${name}.part`),
    sha256: entry.sha256,
    known: prev,
    shownUrl: redactUrl(url),
    backoff: opts.backoff,
    maxAttempts: opts.maxAttempts,
    onProgress: (bytes, total) => opts.onProgress?.(name, bytes, total),
  });
  if (got.status === 'not-modified' || (prev && got.sha256 === prev.sha256)) {
    return {
      status: 'unchanged',
      file: prev.file,
      sha256: prev.sha256,
      snapshotId: prev.snapshotId,
    };
  }
  const file = got.path!;
  const imported = await importKind(ctx, entry.kind, file);
  const snapshotId = imported.snapshotId ?? undefined;
  if ('status' in imported && imported.status === 'skipped')
    return skipped(imported, file, got.sha256!);
  const { etag, lastModified } = got;
  state[name] = { etag, lastModified, sha256: got.sha256!, file, snapshotId };
  const status = unchanged(imported) ? 'unchanged' : 'imported';
  return { status, file, sha256: got.sha256, snapshotId };
}

function unchanged(r: ImportResult | UpdateResult): boolean {
  return 'unchanged' in r ? r.unchanged : r.status === 'unchanged';
}

/** An update older than what is applied: a failure of the sync (exit 3), nothing written. */
function skipped(r: UpdateResult, file: string, sha256: string): SyncSourceResult {
  const error = { code: 'W_UPDATE_SKIPPED', message: r.message ?? 'older than applied updates' };
  return { status: 'failed', file, sha256, error };
}

/** Full files first, then the updates that build on them, in SYNC_KINDS order. */
function ordered(entries: Record<string, SyncEntry>): string[] {
  const rank = (n: string) => SYNC_KINDS.indexOf(entries[n].kind);
  return Object.keys(entries).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function withKey(entry: SyncEntry, env: Record<string, string | undefined>, name: string) {
  const headers: Record<string, string> = {};
  if (!entry.apiKeyEnv) return { url: entry.url, headers };
  const key = env[entry.apiKeyEnv];
  if (!key) {
    throw new CredkitError('E_API_KEY', `sync.${name} needs the ${entry.apiKeyEnv} variable`, {
      exit: ExitCode.usage,
    });
  }
  if (entry.apiKeyIn === 'header') return { url: entry.url, headers: { 'x-api-key': key } };
  const u = new URL(entry.url);
  u.searchParams.set('api_key', key);
  return { url: u.toString(), headers };
}

/** The URL with key-like query values replaced, for messages and logs. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  for (const k of [...u.searchParams.keys()]) {
    if (/key|token|secret|password/i.test(k)) u.searchParams.set(k, 'REDACTED');
  }
  return u.toString();
}

/** `fileName` from config, the URL's `fileName` query value, its last path segment, or the name. */
function localName(entry: SyncEntry, url: string, name: string): string {
  const u = new URL(url);
  const raw = entry.fileName ?? u.searchParams.get('fileName') ?? basename(u.pathname);
  // Never a path: a server or config value must not choose where the file lands (S5).
  const safe = basename(raw)
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '');
  return safe || name;
}

function readState(dir: string): Record<string, EntryState> {
  try {
    return JSON.parse(readFileSync(join(dir, 'sync-state.json'), 'utf8'));
  } catch {
    return {};
  }
}

function writeState(dir: string, state: Record<string, EntryState>): void {
  writeFileAtomic(join(dir, 'sync-state.json'), JSON.stringify(state, null, 2));
}
