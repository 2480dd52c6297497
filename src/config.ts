import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { usageError } from './errors.js';
import type { SourceName } from './model.js';

/** What `credkit run` does, from `credkit.config.json` (paths relative to that file). */
export interface RunConfig {
  rosters: string[];
  sources: Partial<Record<SourceName, string>>;
  /** Fraction 0..1 of rejected rows above which the run is incomplete (exit 3). @default 1 */
  maxRejectRate: number;
  /** LEIE/SAM snapshots older than this end the run as incomplete; null turns the rule off. */
  maxSnapshotAgeDays: number | null;
  exportBaseUrl?: string;
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
    },
    maxRejectRate: 1,
    // The bundled snapshots age with the repository; freshness is checked on real data only.
    maxSnapshotAgeDays: null,
  };
}

function normalizeConfig(raw: unknown, base: string, file: string): RunConfig {
  const c = raw as Partial<RunConfig> | null;
  if (!c || typeof c !== 'object')
    throw usageError('E_CONFIG', 'config is not an object', { file });
  if (!Array.isArray(c.rosters) || c.rosters.some((r) => typeof r !== 'string')) {
    throw usageError('E_CONFIG', '"rosters" must be a list of file paths', {
      file,
      field: 'rosters',
    });
  }
  const sources = (c.sources ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(sources)) {
    if (!['nppes', 'leie', 'sam'].includes(k) || typeof v !== 'string') {
      throw usageError('E_CONFIG', `"sources.${k}" must be nppes, leie or sam with a file path`, {
        file,
        field: `sources.${k}`,
      });
    }
  }
  return {
    ...DEFAULTS,
    ...c,
    rosters: c.rosters.map((r) => resolve(base, r)),
    sources: Object.fromEntries(
      Object.entries(sources).map(([k, v]) => [k, resolve(base, v as string)]),
    ),
  } as RunConfig;
}
