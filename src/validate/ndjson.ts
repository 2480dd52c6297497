import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateFhirResource } from './fhir-schema.js';

/** One thing wrong with an export directory; `line` is 1-based within `file`. */
export interface ExportProblem {
  file: string;
  line?: number;
  code: ExportProblemCode;
  message: string;
}

export type ExportProblemCode =
  | 'manifest'
  | 'manifest-key'
  | 'file-name'
  | 'missing-file'
  | 'unlisted-file'
  | 'final-newline'
  | 'blank-line'
  | 'parse'
  | 'type'
  | 'id'
  | 'duplicate-id'
  | 'count'
  | 'schema'
  | 'unresolved-reference';

export interface CheckOptions {
  /** Also validate every resource against the FHIR R4 JSON schema. @default false */
  schema?: boolean;
}

interface ManifestItem {
  type: string;
  url: string;
  count: number;
}

interface Pending {
  file: string;
  line: number;
  reference: string;
}

const MANIFEST = 'manifest.json';
const REQUIRED_KEYS: [string, string][] = [
  ['transactionTime', 'string'],
  ['request', 'string'],
  ['requiresAccessToken', 'boolean'],
  ['output', 'array'],
  ['error', 'array'],
];
const RELATIVE_REF = /^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;

/**
 * Checks a Bulk Data export directory against fhir-output.md sections 2, 3 and 10: the manifest
 * has its required keys; each listed file exists, ends lines with LF (CR LF tolerated), has no
 * blank line, parses line by line, holds only its item's type, has as many lines as `count`;
 * ids are unique per type and every relative reference resolves within the output files.
 */
export function checkExportDir(dir: string, opts: CheckOptions = {}): ExportProblem[] {
  const problems: ExportProblem[] = [];
  const manifest = readManifest(dir, problems);
  if (!manifest) return problems;
  const ids = new Set<string>();
  const refs: Pending[] = [];
  const listed = new Set<string>();
  for (const key of ['output', 'deleted', 'error'] as const) {
    for (const item of itemsOf(manifest[key], key, problems)) {
      const file = fileOf(item.url);
      listed.add(file);
      const collect = key === 'output' ? { ids, refs } : undefined;
      checkFile(dir, file, item, opts, problems, collect);
    }
  }
  for (const r of refs) {
    if (ids.has(r.reference)) continue;
    const message = `reference ${r.reference} does not resolve within the export`;
    problems.push({ file: r.file, line: r.line, code: 'unresolved-reference', message });
  }
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.ndjson') && !listed.has(name)) {
      problems.push({ file: name, code: 'unlisted-file', message: 'file not in the manifest' });
    }
  }
  return problems;
}

function readManifest(dir: string, problems: ExportProblem[]): Record<string, unknown> | null {
  const path = join(dir, MANIFEST);
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    problems.push({ file: MANIFEST, code: 'manifest', message: (err as Error).message });
    return null;
  }
  for (const [key, kind] of REQUIRED_KEYS) {
    const value = manifest[key];
    const ok = kind === 'array' ? Array.isArray(value) : typeof value === kind;
    if (!ok) {
      problems.push({ file: MANIFEST, code: 'manifest-key', message: `${key} must be ${kind}` });
    }
  }
  return manifest;
}

function itemsOf(value: unknown, key: string, problems: ExportProblem[]): ManifestItem[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item: Partial<ManifestItem>, i) => {
    const ok =
      typeof item?.type === 'string' &&
      typeof item.url === 'string' &&
      typeof item.count === 'number';
    if (!ok) {
      const message = `${key}[${i}] needs type, url and a numeric count`;
      problems.push({ file: MANIFEST, code: 'manifest-key', message });
    }
    return ok;
  }) as ManifestItem[];
}

/** Absolute URLs name the file in their last path segment. */
function fileOf(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

function checkFile(
  dir: string,
  file: string,
  item: ManifestItem,
  opts: CheckOptions,
  problems: ExportProblem[],
  collect?: { ids: Set<string>; refs: Pending[] },
): void {
  const type = item.type.replace(/[^A-Za-z]/g, '\\$&');
  if (!new RegExp(`^\\d+\\.${type}(\\.deleted)?\\.ndjson$`).test(file)) {
    problems.push({ file, code: 'file-name', message: `expected <n>.${item.type}.ndjson` });
  }
  const path = join(dir, file);
  if (!existsSync(path)) {
    problems.push({ file, code: 'missing-file', message: 'listed in the manifest, not on disk' });
    return;
  }
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else if (text.length) {
    const message = 'last line has no line end';
    problems.push({ file, line: lines.length, code: 'final-newline', message });
  }
  lines.forEach((raw, i) => checkLine(raw, { file, line: i + 1, item, opts, problems, collect }));
  if (lines.length !== item.count) {
    const message = `manifest count ${item.count}, file has ${lines.length} lines`;
    problems.push({ file, code: 'count', message });
  }
}

interface LineContext {
  file: string;
  line: number;
  item: ManifestItem;
  opts: CheckOptions;
  problems: ExportProblem[];
  collect?: { ids: Set<string>; refs: Pending[] };
}

function checkLine(raw: string, c: LineContext): void {
  const at = { file: c.file, line: c.line };
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (!text.trim()) {
    c.problems.push({ ...at, code: 'blank-line', message: 'blank line' });
    return;
  }
  let resource: { resourceType?: unknown; id?: unknown };
  try {
    resource = JSON.parse(text) as typeof resource;
  } catch {
    // JSON.parse quotes the offending text, which may hold PII; say only where.
    c.problems.push({ ...at, code: 'parse', message: 'line is not valid JSON' });
    return;
  }
  if (resource?.resourceType !== c.item.type) {
    const found = JSON.stringify(resource?.resourceType);
    const message = `resourceType ${found}, file holds ${c.item.type}`;
    c.problems.push({ ...at, code: 'type', message });
  }
  if (c.opts.schema) {
    for (const p of validateFhirResource(resource)) {
      c.problems.push({ ...at, code: 'schema', message: `${p.path || '(root)'}: ${p.message}` });
    }
  }
  if (c.collect) collectIds(resource, at, c);
}

function collectIds(
  resource: { resourceType?: unknown; id?: unknown },
  at: { file: string; line: number },
  c: LineContext,
): void {
  const { ids, refs } = c.collect as NonNullable<LineContext['collect']>;
  if (typeof resource.id !== 'string') {
    c.problems.push({ ...at, code: 'id', message: 'resource has no id' });
  } else {
    const key = `${String(resource.resourceType)}/${resource.id}`;
    if (ids.has(key)) c.problems.push({ ...at, code: 'duplicate-id', message: `${key} repeats` });
    ids.add(key);
  }
  for (const reference of referencesIn(resource)) {
    if (reference.startsWith('#')) continue;
    if (!RELATIVE_REF.test(reference)) {
      const message = `reference ${reference} is not relative (Type/id)`;
      c.problems.push({ ...at, code: 'unresolved-reference', message });
    } else refs.push({ ...at, reference });
  }
}

/** Every `reference` string anywhere in a resource. */
export function referencesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const v of value) referencesIn(v, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else referencesIn(v, out);
    }
  }
  return out;
}
