import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { usageError } from '../../errors.js';
import { PROVIDER_FIELDS, type EntityKind } from '../../model.js';
import { DATE_FORMATS, type DateFormat } from '../../transform/normalize/dates.js';
import { readerOptions } from './options.js';
import {
  BUILT_IN_PROFILES,
  GENERIC_PROFILE,
  PROFILE_FORMATS,
  type ProfileFormat,
  type ProfileSource,
  type RosterField,
  type RosterProfile,
} from './profiles.js';

/** Profile files are small; anything bigger is not one. */
const MAX_PROFILE_BYTES = 1024 * 1024;

const KEYS = [
  'name',
  'description',
  'format',
  'delimiter',
  'encoding',
  'sheet',
  'headerRow',
  'recordPath',
  'maxBytes',
  'columns',
  'dateFormats',
  'entityType',
  'values',
];

/** One problem in a profile file: where (a JSON path such as `$.columns["NPI"]`) and what. */
export interface ProfileProblem {
  path: string;
  message: string;
}

/**
 * The profile `--profile` names: a built-in profile by name (`generic`), else a JSON profile
 * file. Without a spec, the generic profile. A file with problems is `E_PROFILE` (exit 2),
 * listing every problem with its JSON path.
 */
export async function resolveProfile(spec: string | undefined): Promise<RosterProfile> {
  if (spec === undefined) return GENERIC_PROFILE;
  if (Object.hasOwn(BUILT_IN_PROFILES, spec)) return BUILT_IN_PROFILES[spec];
  return loadProfileFile(spec);
}

export async function loadProfileFile(path: string): Promise<RosterProfile> {
  const file = basename(path);
  const text = await readFile(path).catch((err: NodeJS.ErrnoException) => {
    const known = Object.keys(BUILT_IN_PROFILES).join(', ');
    const why = err.code ?? 'error';
    const message = `not a built-in profile (${known}) nor a readable file (${why})`;
    throw usageError('E_PROFILE', message, { file });
  });
  if (text.length > MAX_PROFILE_BYTES) {
    throw usageError('E_PROFILE', 'profile file is over 1 MiB', { file });
  }
  if (extname(path).toLowerCase() !== '.json' && extname(path) !== '') {
    throw usageError('E_PROFILE', 'profile files are JSON (.json)', { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.toString('utf8'));
  } catch (err) {
    const detail = err instanceof Error ? err.message : 'invalid JSON';
    throw usageError('E_PROFILE', `$: not valid JSON: ${detail}`, { file });
  }
  return parseProfile(json, file);
}

/** Checks a parsed profile document and builds the profile; throws with every problem. */
export function parseProfile(json: unknown, file: string): RosterProfile {
  const problems: ProfileProblem[] = [];
  const profile = buildProfile(json, problems);
  if (problems.length > 0 || !profile) {
    const list = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    const n = problems.length;
    throw usageError('E_PROFILE', `${n} problem${n === 1 ? '' : 's'} in profile: ${list}`, {
      file,
    });
  }
  return profile;
}

function buildProfile(json: unknown, problems: ProfileProblem[]): RosterProfile | undefined {
  const add = (path: string, message: string) => problems.push({ path, message });
  if (!isObject(json)) return void add('$', 'expected an object');
  for (const key of Object.keys(json)) {
    if (!KEYS.includes(key)) add(keyPath('$', key), 'unknown key');
  }
  const name = json.name;
  if (typeof name !== 'string' || name.trim() === '') add('$.name', 'expected a non-empty string');
  const source = readSource(json, add);
  const columns = readColumns(json.columns, add);
  const dateFormats = readDateFormats(json.dateFormats, add);
  const entityType = readEntityType(json.entityType, add);
  const values = readValues(json.values, add);
  if (source.format === 'xml' && source.recordPath === undefined) {
    add('$.recordPath', 'required when format is "xml"');
  }
  return {
    name: typeof name === 'string' ? name : '',
    columns,
    required: GENERIC_PROFILE.required,
    dateFormats,
    source,
    entityType,
    values,
  };
}

type Add = (path: string, message: string) => void;

function readSource(json: Record<string, unknown>, add: Add): ProfileSource {
  const source: ProfileSource = {};
  const { format, delimiter, encoding, sheet, headerRow, recordPath, maxBytes } = json;
  if (format !== undefined) {
    if (PROFILE_FORMATS.includes(format as ProfileFormat)) source.format = format as ProfileFormat;
    else add('$.format', `expected one of ${PROFILE_FORMATS.join(', ')}`);
  }
  source.delimiter = optionText('$.delimiter', delimiter, add, (d) => readerOptions(d));
  source.encoding = optionText('$.encoding', encoding, add, (e) => readerOptions(undefined, e));
  if (typeof sheet === 'number' && Number.isInteger(sheet) && sheet > 0) source.sheet = `${sheet}`;
  else if (typeof sheet === 'string' && sheet !== '') source.sheet = sheet;
  else if (sheet !== undefined) add('$.sheet', 'expected a sheet name or a position from 1');
  source.headerRow = positive('$.headerRow', headerRow, add);
  source.maxBytes = positive('$.maxBytes', maxBytes, add);
  if (typeof recordPath === 'string' && /^[^/\s]+(\/[^/\s]+)*$/.test(recordPath)) {
    source.recordPath = recordPath;
  } else if (recordPath !== undefined) {
    add('$.recordPath', 'expected an element path such as "Roster/Providers/Provider"');
  }
  return source;
}

/** A reader option checked the way the command-line flag is. */
function optionText(
  path: string,
  value: unknown,
  add: Add,
  check: (v: string) => unknown,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return void add(path, 'expected a string');
  try {
    check(value);
    return value;
  } catch (err) {
    add(path, err instanceof Error ? err.message.replace(/^--\w+ /, '') : 'invalid');
    return undefined;
  }
}

function positive(path: string, value: unknown, add: Add): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  add(path, 'expected a whole number from 1');
  return undefined;
}

function readColumns(value: unknown, add: Add): RosterProfile['columns'] {
  const columns: Partial<Record<RosterField, string[]>> = {};
  if (!isObject(value)) {
    add('$.columns', 'expected an object of "source column": "credkit field"');
    return columns;
  }
  for (const [source, field] of Object.entries(value)) {
    const path = keyPath('$.columns', source);
    if (source.trim() === '') add(path, 'source column name is empty');
    else if (!isField(field))
      add(path, `"${String(field)}" is not a credkit field (${fieldList()})`);
    else (columns[field] ??= []).push(source);
  }
  if (Object.keys(value).length === 0) add('$.columns', 'maps no columns');
  for (const anyOf of GENERIC_PROFILE.required) {
    if (!anyOf.some((f) => columns[f])) add('$.columns', `no column maps to ${anyOf.join(' or ')}`);
  }
  return columns;
}

function readDateFormats(value: unknown, add: Add): readonly DateFormat[] {
  if (value === undefined) return GENERIC_PROFILE.dateFormats;
  if (!Array.isArray(value) || value.length === 0) {
    add('$.dateFormats', `expected a non-empty list of ${DATE_FORMATS.join(', ')}`);
    return GENERIC_PROFILE.dateFormats;
  }
  value.forEach((f, i) => {
    if (!DATE_FORMATS.includes(f as DateFormat)) {
      add(`$.dateFormats[${i}]`, `expected one of ${DATE_FORMATS.join(', ')}`);
    }
  });
  return value.filter((f) => DATE_FORMATS.includes(f as DateFormat)) as DateFormat[];
}

function readEntityType(value: unknown, add: Add): EntityKind | undefined {
  if (value === undefined) return undefined;
  if (value === 'individual' || value === 'organization') return value;
  add('$.entityType', 'expected "individual" or "organization"');
  return undefined;
}

function readValues(value: unknown, add: Add): RosterProfile['values'] {
  if (value === undefined) return undefined;
  const values: Partial<Record<RosterField, Map<string, string>>> = {};
  if (!isObject(value)) return void add('$.values', 'expected an object of field: {raw: value}');
  for (const [field, table] of Object.entries(value)) {
    const path = keyPath('$.values', field);
    if (!isField(field)) add(path, 'is not a credkit field');
    else if (!isObject(table)) add(path, 'expected an object of "raw": "replacement"');
    else values[field] = readTable(table, path, add);
  }
  return values;
}

function readTable(table: Record<string, unknown>, path: string, add: Add): Map<string, string> {
  const map = new Map<string, string>();
  for (const [raw, to] of Object.entries(table)) {
    if (typeof to === 'string') map.set(raw.trim(), to);
    else add(keyPath(path, raw), 'expected a string');
  }
  return map;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isField(value: unknown): value is RosterField {
  return (PROVIDER_FIELDS as readonly unknown[]).includes(value);
}

function fieldList(): string {
  return PROVIDER_FIELDS.join(', ');
}

/** `$.name` for identifier keys, `$.columns["Prov NPI"]` for the rest. */
function keyPath(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}
