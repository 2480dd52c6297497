import { usageError } from '../../errors.js';

/** File kinds `sources sync` can import (those of `sources import` that need no layout). */
export const SYNC_KINDS = [
  'nppes',
  'leie',
  'sam',
  'nppes-endpoints',
  'nppes-weekly',
  'nppes-deactivations',
  'leie-supplement',
] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

/** One official file to download and import (`sync.<name>` in credkit.config.json). */
export interface SyncEntry {
  url: string;
  kind: SyncKind;
  /** Expected SHA-256 of the download; a mismatch fails the entry with E_CHECKSUM. */
  sha256?: string;
  /** Local file name. @default the URL's `fileName` query value, else its last path segment */
  fileName?: string;
  /** Environment variable holding an API key (SAM: `SAM_API_KEY`); never logged or printed. */
  apiKeyEnv?: string;
  /** How the key is sent: `api_key` query parameter or `X-Api-Key` header. @default query */
  apiKeyIn?: 'query' | 'header';
}

/** Entry names become file names under `downloads/`, so they are kept to a safe alphabet. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Validates the `sync` block; every problem is E_CONFIG naming the field. */
export function normalizeSync(raw: unknown, file: string): Record<string, SyncEntry> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw usageError('E_CONFIG', '"sync" must map names to {url, kind}', { file, field: 'sync' });
  }
  const out: Record<string, SyncEntry> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const field = `sync.${name}`;
    const bad = (why: string) => usageError('E_CONFIG', `"${field}" ${why}`, { file, field });
    if (!NAME.test(name)) throw bad('needs a name of letters, digits, - and _');
    const e = value as Partial<SyncEntry> | null;
    if (!e || typeof e !== 'object') throw bad('must be an object');
    if (typeof e.url !== 'string' || !/^https?:\/\//.test(e.url)) throw bad('needs an http(s) url');
    if (!SYNC_KINDS.includes(e.kind as SyncKind))
      throw bad(`kind must be ${SYNC_KINDS.join(', ')}`);
    if (e.sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(e.sha256))
      throw bad('sha256 is not 64 hex digits');
    if (e.apiKeyIn !== undefined && !['query', 'header'].includes(e.apiKeyIn)) {
      throw bad('apiKeyIn must be query or header');
    }
    out[name] = { ...e, url: e.url, kind: e.kind as SyncKind };
  }
  return out;
}
