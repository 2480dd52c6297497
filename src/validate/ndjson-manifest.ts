import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportProblem } from './ndjson.js';

export const MANIFEST = 'manifest.json';

export type ItemKind = 'output' | 'deleted' | 'error';

export interface ManifestItem {
  kind: ItemKind;
  type: string;
  url: string;
  count: number;
}

export interface Manifest {
  raw: Record<string, unknown>;
  items: ManifestItem[];
  /** The kick-off asked for `_since`: an incremental export, whose references may point at
   * resources of earlier exports. */
  incremental: boolean;
}

const REQUIRED_KEYS: [string, string][] = [
  ['transactionTime', 'string'],
  ['request', 'string'],
  ['requiresAccessToken', 'boolean'],
  ['output', 'array'],
  ['error', 'array'],
];
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads `manifest.json` and checks its shape against Bulk Data STU2 (fhir-output.md section
 * 2): the required keys and types, `transactionTime` an instant, `deleted` an array when
 * present, and every item with `type`, `url` and an integer `count`.
 */
export function readManifest(dir: string, problems: ExportProblem[]): Manifest | null {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Record<string, unknown>;
  } catch (err) {
    problems.push({ file: MANIFEST, code: 'manifest', message: (err as Error).message });
    return null;
  }
  const bad = (message: string) => problems.push({ file: MANIFEST, code: 'manifest-key', message });
  for (const [key, kind] of REQUIRED_KEYS) {
    const value = raw[key];
    const ok = kind === 'array' ? Array.isArray(value) : typeof value === kind;
    if (!ok) bad(`${key} must be ${kind}`);
  }
  if (typeof raw.transactionTime === 'string' && !INSTANT.test(raw.transactionTime)) {
    bad('transactionTime must be a FHIR instant');
  }
  if ('deleted' in raw && !Array.isArray(raw.deleted)) bad('deleted must be array');
  const items = (['output', 'deleted', 'error'] as const).flatMap((k) => itemsOf(raw[k], k, bad));
  const incremental = typeof raw.request === 'string' && /[?&]_since=/.test(raw.request);
  return { raw, items, incremental };
}

function itemsOf(value: unknown, kind: ItemKind, bad: (m: string) => void): ManifestItem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: Partial<ManifestItem>, i) => {
    const ok =
      typeof item?.type === 'string' &&
      typeof item.url === 'string' &&
      Number.isInteger(item.count);
    if (!ok) {
      bad(`${kind}[${i}] needs type, url and an integer count`);
      return [];
    }
    if (kind === 'deleted' && item.type !== 'Bundle') bad(`deleted[${i}] type must be Bundle`);
    if (kind === 'error' && item.type !== 'OperationOutcome') {
      bad(`error[${i}] type must be OperationOutcome`);
    }
    return [{ kind, type: item.type!, url: item.url!, count: item.count! }];
  });
}

/** Absolute URLs name the file in their last path segment. */
export function fileOf(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

/** credkit's names: `<n>.<Type>.ndjson`, `<n>.<Type>.deleted.ndjson`, optionally `.gz`. */
export function expectedName(item: ManifestItem): RegExp {
  const type = item.kind === 'deleted' ? '[A-Za-z]+' : item.type.replace(/[^A-Za-z]/g, '');
  const deleted = item.kind === 'deleted' ? '\\.deleted' : '';
  return new RegExp(`^\\d+\\.${type}${deleted}\\.ndjson(\\.gz)?$`);
}
