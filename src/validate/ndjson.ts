import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { validateFhirResource } from './fhir-schema.js';
import { expectedName, fileOf, readManifest, type ManifestItem } from './ndjson-manifest.js';
import { readNdjson, referencesIn } from './ndjson-lines.js';
import { checkProfiles } from './profiles/index.js';

export { referencesIn } from './ndjson-lines.js';

/** One thing wrong with an export; `line` is 1-based within `file`. */
export interface ExportProblem {
  file: string;
  line?: number;
  /** Stable rule id: a structural check (`count`, `parse`...) or a profile rule (`pd-1`...). */
  code: string;
  message: string;
  resourceType?: string;
  id?: string;
}

export interface CheckOptions {
  /** Also validate every resource against the FHIR R4 JSON schema. @default false */
  schema?: boolean;
  /** Also apply the Plan-Net / NDH / no-PII rules (`validate/profiles`). @default false */
  profiles?: boolean;
  /** `Type/id` of resources outside the folder that references may point at (an incremental
   * export checked against the full set it was cut from). */
  knownIds?: ReadonlySet<string>;
}

export interface CheckSummary {
  files: number;
  resources: number;
  problems: ExportProblem[];
}

type Who = Pick<ExportProblem, 'file' | 'line' | 'resourceType' | 'id'>;

interface Pending {
  file: string;
  line: number;
  reference: string;
}

/** What the line checks accumulate over a whole export. */
interface Collect {
  ids: Set<string>;
  refs: Pending[];
  deleted: Pending[];
  resources: number;
}

const RELATIVE_REF = /^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;

/** The problems of an export folder (see `inspectExportDir`). */
export function checkExportDir(dir: string, opts: CheckOptions = {}): ExportProblem[] {
  return inspectExportDir(dir, opts).problems;
}

/**
 * Checks a Bulk Data export folder against fhir-output.md sections 2, 3 and 10: the manifest's
 * shape; each listed file exists, has no blank line, parses line by line, holds only its
 * item's type (`Bundle` in `deleted`, `OperationOutcome` in `error`), has `count` lines; ids
 * are unique; `deleted` Bundles are DELETE transactions naming nothing in `output`; every
 * relative reference resolves (not checked on `_since` exports, which build on earlier ones).
 */
export function inspectExportDir(dir: string, opts: CheckOptions = {}): CheckSummary {
  const problems: ExportProblem[] = [];
  const manifest = readManifest(dir, problems);
  if (!manifest) return { files: 0, resources: 0, problems };
  const c: Collect = { ids: new Set(), refs: [], deleted: [], resources: 0 };
  const listed = new Set<string>();
  for (const item of manifest.items) {
    const file = fileOf(item.url);
    listed.add(file);
    if (!expectedName(item).test(file)) {
      const message = `expected <n>.${item.type}.ndjson`;
      problems.push({ file, code: 'file-name', message });
    }
    checkFile(join(dir, file), file, item, opts, problems, c);
  }
  const resolveAll = !manifest.incremental || opts.knownIds !== undefined;
  if (resolveAll) unresolved(c, opts.knownIds, problems);
  for (const d of c.deleted) {
    if (!c.ids.has(d.reference)) continue;
    const message = `${d.reference} is both deleted and in output`;
    problems.push({ file: d.file, line: d.line, code: 'deleted-in-output', message });
  }
  for (const name of readdirSync(dir)) {
    if (/\.ndjson(\.gz)?$/.test(name) && !listed.has(name)) {
      problems.push({ file: name, code: 'unlisted-file', message: 'file not in the manifest' });
    }
  }
  return { files: listed.size, resources: c.resources, problems };
}

/**
 * Checks one NDJSON file on its own: lines, one resourceType throughout (the first line's),
 * schema and profile rules as asked. References are not resolved: one file is not a set.
 */
export function inspectNdjsonFile(path: string, opts: CheckOptions = {}): CheckSummary {
  const problems: ExportProblem[] = [];
  const c: Collect = { ids: new Set(), refs: [], deleted: [], resources: 0 };
  const item: ManifestItem = { kind: 'output', type: '', url: path, count: -1 };
  checkFile(path, basename(path), item, opts, problems, c);
  // Bulk Data writes no file for a type without data, so an empty one is a fault.
  if (c.resources === 0 && !problems.length) {
    problems.push({ file: basename(path), code: 'empty', message: 'no resources in the file' });
  }
  return { files: 1, resources: c.resources, problems };
}

function checkFile(
  path: string,
  file: string,
  item: ManifestItem,
  opts: CheckOptions,
  problems: ExportProblem[],
  c: Collect,
): void {
  if (!existsSync(path) || !statSync(path).isFile()) {
    problems.push({ file, code: 'missing-file', message: 'listed in the manifest, not on disk' });
    return;
  }
  let text;
  try {
    text = readNdjson(path);
  } catch {
    problems.push({ file, code: 'unreadable', message: 'file cannot be read or unzipped' });
    return;
  }
  if (!text.finalNewline) {
    const message = 'last line has no line end';
    problems.push({ file, line: text.lines.length, code: 'final-newline', message });
  }
  const expected = { type: item.type };
  text.lines.forEach((raw, i) =>
    checkLine(raw, { file, line: i + 1, item, expected, opts, problems, c }),
  );
  if (item.count >= 0 && text.lines.length !== item.count) {
    const message = `manifest count ${item.count}, file has ${text.lines.length} lines`;
    problems.push({ file, code: 'count', message });
  }
}

interface LineContext {
  file: string;
  line: number;
  item: ManifestItem;
  /** The type every line must have; '' until the first line of a standalone file sets it. */
  expected: { type: string };
  opts: CheckOptions;
  problems: ExportProblem[];
  c: Collect;
}

function checkLine(text: string, x: LineContext): void {
  const at = { file: x.file, line: x.line };
  if (!text.trim()) {
    x.problems.push({ ...at, code: 'blank-line', message: 'blank line' });
    return;
  }
  let resource: Record<string, unknown>;
  try {
    resource = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // JSON.parse quotes the offending text, which may hold PII; say only where.
    x.problems.push({ ...at, code: 'parse', message: 'line is not valid JSON' });
    return;
  }
  x.c.resources += 1;
  const who = { ...at, resourceType: str(resource?.resourceType), id: str(resource?.id) };
  const type = x.item.kind === 'output' ? x.expected.type : kindType(x.item);
  if (!x.expected.type && x.item.kind === 'output') x.expected.type = who.resourceType ?? '?';
  else if (resource?.resourceType !== type) {
    const message = `resourceType ${JSON.stringify(resource?.resourceType)}, file holds ${type}`;
    x.problems.push({ ...who, code: 'type', message });
  }
  if (x.opts.schema) {
    for (const p of validateFhirResource(resource)) {
      x.problems.push({ ...who, code: 'schema', message: `${p.path || '(root)'}: ${p.message}` });
    }
  }
  if (x.item.kind === 'deleted') return checkDeleted(resource, who, x);
  if (x.item.kind !== 'output') return;
  if (x.opts.profiles) {
    for (const p of checkProfiles(resource))
      x.problems.push({ ...who, code: p.rule, message: p.message });
  }
  collectIds(resource, who, x);
}

const kindType = (item: ManifestItem) => (item.kind === 'deleted' ? 'Bundle' : 'OperationOutcome');
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** A `deleted` line is a transaction Bundle of DELETE requests with `Type/id` urls. */
function checkDeleted(bundle: Record<string, unknown>, who: Who, x: LineContext) {
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  const ok = bundle.type === 'transaction' && entries.length > 0;
  if (!ok) {
    const message = 'deleted line must be a transaction Bundle with entries';
    x.problems.push({ ...who, code: 'deleted-bundle', message });
  }
  for (const e of entries as { request?: { method?: unknown; url?: unknown } }[]) {
    const url = e?.request?.url;
    if (e?.request?.method !== 'DELETE' || typeof url !== 'string' || !RELATIVE_REF.test(url)) {
      const message = 'each entry needs request.method DELETE and request.url Type/id';
      x.problems.push({ ...who, code: 'deleted-bundle', message });
    } else x.c.deleted.push({ file: x.file, line: x.line, reference: url });
  }
}

function collectIds(resource: Record<string, unknown>, who: Who, x: LineContext) {
  const { ids, refs } = x.c;
  if (typeof resource.id !== 'string') {
    x.problems.push({ ...who, code: 'id', message: 'resource has no id' });
  } else {
    const key = `${String(resource.resourceType)}/${resource.id}`;
    if (ids.has(key)) x.problems.push({ ...who, code: 'duplicate-id', message: `${key} repeats` });
    ids.add(key);
  }
  for (const reference of referencesIn(resource)) {
    if (reference.startsWith('#')) continue;
    if (!RELATIVE_REF.test(reference)) {
      const message = `reference ${reference} is not relative (Type/id)`;
      x.problems.push({ ...who, code: 'unresolved-reference', message });
    } else refs.push({ file: x.file, line: x.line, reference });
  }
}

function unresolved(c: Collect, known: ReadonlySet<string> | undefined, out: ExportProblem[]) {
  for (const r of c.refs) {
    if (c.ids.has(r.reference) || known?.has(r.reference)) continue;
    const message = `reference ${r.reference} does not resolve within the export`;
    out.push({ file: r.file, line: r.line, code: 'unresolved-reference', message });
  }
}
