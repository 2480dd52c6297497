import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { usageError } from './errors.js';
import type { SnapshotSource } from './model.js';
import { normalizeSync, type SyncEntry } from './sources/download/sync-config.js';
import { resolveSettings, type DedupeSettings } from './transform/link/settings.js';

/** What `credkit run` does, from `credkit.config.json` (paths relative to that file). */
export interface RunConfig {
  rosters: string[];
  /** Files to import per source; `nppes-endpoints` feeds the export's Endpoint resources. */
  sources: Partial<Record<SnapshotSource, string>>;
  /**
   * Publication dates given in the config (`{"file", "published"}` form). Without one, a
   * file whose name carries no date (LEIE `UPDATED.csv`) is dated by its modification time.
   */
  published?: Partial<Record<SnapshotSource, string>>;
  /** Fraction 0..1 of rejected rows above which the run is incomplete (exit 3). @default 1 */
  maxRejectRate: number;
  /** LEIE/SAM snapshots older than this end the run as incomplete; null turns the rule off. */
  maxSnapshotAgeDays: number | null;
  exportBaseUrl?: string;
  /** State licence board files, each read through a layout (bundled id or JSON path). */
  boards?: LayoutFile[];
  /** State Medicaid exclusion lists, each read through a layout. */
  stateLists?: LayoutFile[];
  /** Official files `credkit sources sync` downloads and imports, by name. */
  sync?: Record<string, SyncEntry>;
  /** The optional `dedupe` block: match model, thresholds, survivorship (defaults if absent). */
  dedupe?: DedupeSettings;
}

/** A board or state-list file and the layout it is read with. */
export interface LayoutFile {
  file: string;
  /** Bundled layout id (`oh-med`) or a layout JSON path (relative to the config file). */
  layout: string;
}

const DEFAULTS = { maxRejectRate: 1, maxSnapshotAgeDays: 35 };

export function loadConfig(path: string): RunConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const why = (err as Error).message;
    throw usageError('E_CONFIG', `cannot read config: ${why}`, { file: path });
  }
  return normalizeConfig(raw, dirname(resolve(path)), path);
}

/** The bundled sample data under fixtures/demo. */
export function demoConfig(): RunConfig {
  const dir = fileURLToPath(new URL('../fixtures/demo/', import.meta.url));
  return {
    rosters: [resolve(dir, 'roster.csv')],
    sources: {
      nppes: resolve(dir, 'npidata_pfile_20050523-20261109.csv'),
      leie: resolve(dir, 'UPDATED.csv'),
      sam: resolve(dir, 'SAM_Exclusions_Public_Extract_V2_26306.csv'),
      'nppes-endpoints': resolve(dir, 'endpoint_pfile_20050523-20261109.csv'),
    },
    boards: [
      { file: resolve(dir, '../boards/oh-med-licenses-2026-11-15.csv'), layout: 'oh-med' },
      { file: resolve(dir, '../boards/oh-nursing-licensees.txt'), layout: 'oh-nursing' },
    ],
    stateLists: [
      { file: resolve(dir, '../boards/oh-medicaid-exclusions.csv'), layout: 'oh-medicaid' },
    ],
    maxRejectRate: 1,
    // The bundled snapshots age with the repository; freshness is checked on real data only.
    maxSnapshotAgeDays: null,
  };
}

function normalizeConfig(raw: unknown, base: string, file: string): RunConfig {
  const c = raw as Partial<RunConfig> | null;
  if (!c || typeof c !== 'object' || Array.isArray(c)) {
    throw usageError('E_CONFIG', 'config is not an object', { file });
  }
  const problems = settingProblems(c as Record<string, unknown>);
  if (problems.length) throw usageError('E_CONFIG', problems.join('; '), { file });
  if (!Array.isArray(c.rosters) || c.rosters.some((r) => typeof r !== 'string')) {
    throw usageError('E_CONFIG', '"rosters" must be a list of file paths', {
      file,
      field: 'rosters',
    });
  }
  const { files, published } = sourceFiles(c.sources, base, file);
  return {
    ...DEFAULTS,
    ...c,
    rosters: c.rosters.map((r) => resolve(base, r)),
    dedupe: resolveSettings((c as { dedupe?: unknown }).dedupe, file),
    sync: c.sync === undefined ? undefined : normalizeSync(c.sync, file),
    sources: files,
    published,
    boards: layoutFiles(c.boards, 'boards', base, file),
    stateLists: layoutFiles(c.stateLists, 'stateLists', base, file),
  } as RunConfig;
}

/** `[{file, layout}]` with paths resolved against the config's folder; ids stay as they are. */
function layoutFiles(value: unknown, key: string, base: string, file: string): LayoutFile[] {
  if (value === undefined) return [];
  const ok = (e: unknown): e is LayoutFile =>
    typeof e === 'object' &&
    e !== null &&
    typeof (e as LayoutFile).file === 'string' &&
    typeof (e as LayoutFile).layout === 'string';
  if (!Array.isArray(value) || !value.every(ok)) {
    throw usageError('E_CONFIG', `"${key}" must be a list of {"file", "layout"}`, {
      file,
      field: key,
    });
  }
  return value.map((e) => ({
    file: resolve(base, e.file),
    layout: /[/\\]|\.json$/i.test(e.layout) ? resolve(base, e.layout) : e.layout,
  }));
}

const KNOWN_KEYS = new Set([
  'rosters',
  'sources',
  'boards',
  'stateLists',
  'sync',
  'dedupe',
  'maxRejectRate',
  'maxSnapshotAgeDays',
  'exportBaseUrl',
]);

/**
 * Every problem with the plain settings at once. A misspelt key or a wrong value must not
 * quietly fall back to a default: `maxSnapshotAgeDays` guards the monthly screening rule.
 */
function settingProblems(c: Record<string, unknown>): string[] {
  const problems = Object.keys(c)
    .filter((k) => !KNOWN_KEYS.has(k))
    .map((k) => `unknown key "${k}"`);
  const rate = c.maxRejectRate;
  if (rate !== undefined && !(typeof rate === 'number' && rate >= 0 && rate <= 1)) {
    problems.push(`"maxRejectRate" must be a number from 0 to 1, got ${JSON.stringify(rate)}`);
  }
  const age = c.maxSnapshotAgeDays;
  if (age !== undefined && !(typeof age === 'number' && age > 0)) {
    problems.push(`"maxSnapshotAgeDays" must be a positive number, got ${JSON.stringify(age)}`);
  }
  if (c.exportBaseUrl !== undefined && typeof c.exportBaseUrl !== 'string') {
    problems.push('"exportBaseUrl" must be a URL string');
  }
  return problems;
}

const SOURCE_KEYS = ['nppes', 'leie', 'sam', 'nppes-endpoints'];

/** `"leie": "UPDATED.csv"` or `"leie": {"file": "UPDATED.csv", "published": "2026-11-09"}`. */
function sourceFiles(value: unknown, base: string, file: string) {
  const files: Record<string, string> = {};
  const published: Record<string, string> = {};
  for (const [k, v] of Object.entries((value ?? {}) as Record<string, unknown>)) {
    const entry =
      typeof v === 'string' ? { file: v } : (v as { file?: unknown; published?: unknown });
    const dateOk =
      entry?.published === undefined || /^\d{4}-\d{2}-\d{2}$/.test(String(entry.published));
    if (!SOURCE_KEYS.includes(k) || typeof entry?.file !== 'string' || !dateOk) {
      const form = '{"file", "published": "YYYY-MM-DD"}';
      const known = `${SOURCE_KEYS.join(', ')} with a file path or ${form}`;
      throw usageError('E_CONFIG', `"sources.${k}" must be ${known}`, {
        file,
        field: `sources.${k}`,
      });
    }
    files[k] = resolve(base, entry.file);
    if (entry.published !== undefined) published[k] = String(entry.published);
  }
  return { files, published };
}
