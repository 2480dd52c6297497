import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { usageError } from '../../errors.js';
import { LAYOUT_KINDS, type LayoutKind } from '../../model.js';
import { headerName } from '../snapshot-csv.js';
import { LAYOUT_DATE_FORMATS, type LayoutDateFormat } from './dates.js';
import {
  ANY_VALUE,
  BOARD_FIELDS,
  DEFAULT_PLACEHOLDERS,
  LICENSE_STATUSES,
  LIST_FIELDS,
  LIST_STATUSES,
  PUBLISHED_FROM,
  type Layout,
  type LayoutField,
  type PublishedFrom,
} from './layout.js';

/** The bundled layouts: `layouts/boards/*.json` and `layouts/state-lists/*.json`. */
export const LAYOUTS_DIR = fileURLToPath(new URL('../../../layouts/', import.meta.url));
const KIND_DIRS: Record<LayoutKind, string> = { board: 'boards', 'state-list': 'state-lists' };

const KEYS = new Set([
  'id',
  'kind',
  'state',
  'name',
  'description',
  'headerRow',
  'delimiter',
  'encoding',
  'columns',
  'dateFormats',
  'status',
  'discipline',
  'npiSplit',
  'placeholders',
  'licensePattern',
  'publishedFrom',
  'titleDatePattern',
  'fileNameDatePattern',
]);

/**
 * The layout `--layout` names: a bundled layout id (`oh-med`), else a JSON file path. A
 * layout of the other kind is refused, so a board file is never read as a state list.
 */
export function resolveLayout(spec: string, kind: LayoutKind): Layout {
  const bundled = join(LAYOUTS_DIR, KIND_DIRS[kind], `${spec}.json`);
  const path = /^[a-z0-9-]+$/.test(spec) && existsSync(bundled) ? bundled : spec;
  const layout = loadLayoutFile(path);
  if (layout.kind !== kind) {
    throw usageError('E_LAYOUT', `$.kind: layout is a ${layout.kind}, not a ${kind}`, {
      file: basename(path),
    });
  }
  return layout;
}

/** Ids of the bundled layouts of a kind. */
export function bundledLayouts(kind: LayoutKind): string[] {
  const dir = join(LAYOUTS_DIR, KIND_DIRS[kind]);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .map((n) => n.slice(0, -5))
    .sort();
}

export function loadLayoutFile(path: string): Layout {
  const file = basename(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? 'error';
    throw usageError('E_LAYOUT', `not a bundled layout nor a readable file (${why})`, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : 'invalid JSON';
    throw usageError('E_LAYOUT', `$: not valid JSON: ${detail}`, { file });
  }
  return parseLayout(json, file);
}

type Add = (path: string, message: string) => void;

/** Checks a layout document and builds the layout; `E_LAYOUT` lists every problem at once. */
export function parseLayout(json: unknown, file: string): Layout {
  const problems: string[] = [];
  const add: Add = (path, message) => problems.push(`${path}: ${message}`);
  const layout = buildLayout(json, add);
  if (problems.length || !layout) {
    const n = problems.length;
    const message = `${n} problem${n === 1 ? '' : 's'} in layout: ${problems.join('; ')}`;
    throw usageError('E_LAYOUT', message, { file });
  }
  return layout;
}

function buildLayout(json: unknown, add: Add): Layout | undefined {
  if (!isObject(json)) return void add('$', 'expected an object');
  for (const key of Object.keys(json)) if (!KEYS.has(key)) add(keyPath('$', key), 'unknown key');
  const kind = oneOf('$.kind', json.kind, LAYOUT_KINDS, add) ?? 'board';
  const id = text('$.id', json.id, add);
  if (id && !/^[a-z0-9][a-z0-9-]*$/.test(id)) add('$.id', 'expected lower-case letters, digits, -');
  const state = text('$.state', json.state, add);
  if (state && !/^[A-Z]{2}$/.test(state)) add('$.state', 'expected a two-letter state code');
  const columns = readColumns(json.columns, kind, add);
  const publishedFrom = (oneOf(
    '$.publishedFrom',
    json.publishedFrom ?? 'mtime',
    PUBLISHED_FROM,
    add,
  ) ?? 'mtime') as PublishedFrom;
  const layout: Layout = {
    id: id ?? '',
    kind,
    state: state ?? '',
    name: text('$.name', json.name, add) ?? '',
    headerRow: headerRow(json.headerRow, add),
    delimiter: delimiter(json.delimiter, add),
    encoding:
      oneOf('$.encoding', json.encoding ?? 'utf8', ['utf8', 'latin1'] as const, add) ?? 'utf8',
    columns,
    dateFormats: dateFormats(json.dateFormats, add),
    status: statusMap(json.status, kind, add),
    discipline: discipline(json.discipline, kind, add),
    npiSplit: regex('$.npiSplit', json.npiSplit, add),
    placeholders: placeholders(json.placeholders, add),
    licensePattern: regex('$.licensePattern', json.licensePattern, add),
    publishedFrom,
    titleDatePattern: regex('$.titleDatePattern', json.titleDatePattern, add, true),
    fileNameDatePattern: regex('$.fileNameDatePattern', json.fileNameDatePattern, add, true),
  };
  requireParts(layout, add);
  return layout;
}

function requireParts(l: Layout, add: Add): void {
  const fields = new Set(l.columns.values());
  if (l.kind === 'board') {
    if (!fields.has('licenseNumber')) add('$.columns', 'no column maps to licenseNumber');
    if (!fields.has('status') && !fields.has('expirationDate')) {
      add('$.columns', 'no column maps to status or expirationDate');
    }
  } else if (!fields.has('npi') && !fields.has('lastName') && !fields.has('orgName')) {
    add('$.columns', 'no column maps to npi, lastName or orgName');
  }
  if (fields.has('status') && l.status.size === 0) add('$.status', 'status column needs a map');
  if (l.publishedFrom === 'title-row' && !l.titleDatePattern) {
    add('$.titleDatePattern', 'required when publishedFrom is "title-row"');
  }
  if (l.publishedFrom === 'filename' && !l.fileNameDatePattern) {
    add('$.fileNameDatePattern', 'required when publishedFrom is "filename"');
  }
}

function readColumns(value: unknown, kind: LayoutKind, add: Add): Map<string, LayoutField> {
  const out = new Map<string, LayoutField>();
  const allowed: readonly string[] = kind === 'board' ? BOARD_FIELDS : LIST_FIELDS;
  if (!isObject(value) || Object.keys(value).length === 0) {
    add('$.columns', 'expected an object of "header": "field"');
    return out;
  }
  const seen = new Set<string>();
  for (const [header, field] of Object.entries(value)) {
    const path = keyPath('$.columns', header);
    if (header.trim() === '') add(path, 'header name is empty');
    else if (typeof field !== 'string' || !allowed.includes(field)) {
      add(path, `expected one of ${allowed.join(', ')}`);
    } else if (seen.has(field)) add(path, `field ${field} is mapped twice`);
    else {
      seen.add(field);
      out.set(headerName(header), field as LayoutField);
    }
  }
  return out;
}

function statusMap(value: unknown, kind: LayoutKind, add: Add): Layout['status'] {
  const out: Layout['status'] = new Map();
  if (value === undefined) return out;
  const allowed: readonly string[] = kind === 'board' ? LICENSE_STATUSES : LIST_STATUSES;
  if (!isObject(value)) {
    add('$.status', 'expected an object of "raw": status');
    return out;
  }
  for (const [raw, to] of Object.entries(value)) {
    if (typeof to !== 'string' || !allowed.includes(to)) {
      add(keyPath('$.status', raw), `expected one of ${allowed.join(', ')}`);
    } else out.set(raw.trim().toUpperCase(), to as LicenseOrList);
  }
  return out;
}
type LicenseOrList = Layout['status'] extends Map<string, infer V> ? V : never;

function discipline(value: unknown, kind: LayoutKind, add: Add): Layout['discipline'] {
  if (value === undefined) return undefined;
  if (kind !== 'board') return void add('$.discipline', 'only board layouts have discipline');
  if (!isObject(value)) return void add('$.discipline', 'expected {column, truthy}');
  const column = text('$.discipline.column', value.column, add);
  const truthy = value.truthy;
  if (!Array.isArray(truthy) || truthy.length === 0 || truthy.some((t) => typeof t !== 'string')) {
    add('$.discipline.truthy', `expected a non-empty list of values (or "${ANY_VALUE}")`);
    return undefined;
  }
  if (!column) return undefined;
  const values = (truthy as string[]).map((t) => t.trim().toUpperCase());
  return { column: headerName(column), truthy: new Set(values) };
}

function placeholders(value: unknown, add: Add): ReadonlySet<string> {
  if (value === undefined) return new Set(DEFAULT_PLACEHOLDERS);
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    add('$.placeholders', 'expected a list of strings');
    return new Set(DEFAULT_PLACEHOLDERS);
  }
  return new Set((value as string[]).map((v) => v.trim().toUpperCase()));
}

function dateFormats(value: unknown, add: Add): LayoutDateFormat[] {
  const all: readonly string[] = LAYOUT_DATE_FORMATS;
  if (!Array.isArray(value) || value.length === 0) {
    add('$.dateFormats', `expected a non-empty list of ${all.join(', ')}`);
    return [];
  }
  value.forEach((f, i) => {
    if (!all.includes(f as string)) add(`$.dateFormats[${i}]`, `expected one of ${all.join(', ')}`);
  });
  return value.filter((f) => all.includes(f as string)) as LayoutDateFormat[];
}

function headerRow(value: unknown, add: Add): number {
  if (value === undefined) return 1;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 50) {
    return value;
  }
  add('$.headerRow', 'expected a whole number from 1 to 50');
  return 1;
}

const DELIMITERS: Record<string, string> = { ',': ',', '\t': '\t', tab: '\t', '|': '|', ';': ';' };

function delimiter(value: unknown, add: Add): string {
  if (value === undefined) return ',';
  const d = typeof value === 'string' ? DELIMITERS[value] : undefined;
  if (!d) add('$.delimiter', 'expected ",", "tab" (or a tab), "|" or ";"');
  return d ?? ',';
}

function regex(path: string, value: unknown, add: Add, capture = false): RegExp | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') return void add(path, 'expected a regex string');
  try {
    const re = new RegExp(value, 'i');
    if (capture && !/\((?!\?)/.test(value)) add(path, 'needs a capture group around the date');
    return re;
  } catch {
    return void add(path, 'not a valid regular expression');
  }
}

function oneOf<T extends string>(
  path: string,
  value: unknown,
  options: readonly T[],
  add: Add,
): T | undefined {
  if (options.includes(value as T)) return value as T;
  add(path, `expected one of ${options.join(', ')}`);
  return undefined;
}

function text(path: string, value: unknown, add: Add): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  add(path, 'expected a non-empty string');
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `$.name` for identifier keys, `$.columns["License No"]` for the rest. */
function keyPath(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}
