import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { isCredkitError, usageError } from '../errors.js';
import type { RosterReader } from '../sources/roster/csv.js';
import { matchHeader, missingRequired, type ColumnMap } from '../sources/roster/mapping.js';
import { formatFor, openRoster, type RosterFormat } from '../sources/roster/open.js';
import { readerOptions } from '../sources/roster/options.js';
import { resolveProfile } from '../sources/roster/profile-file.js';
import type { RosterField } from '../sources/roster/profiles.js';
import { isSensitiveHeader } from '../sources/roster/sensitive.js';

export interface InspectOptions {
  /** Built-in profile name or JSON profile file. @default 'generic' */
  profile?: string;
  /** `.xlsx` worksheet, by name or 1-based position. */
  sheet?: string;
  delimiter?: string;
  encoding?: string;
  /** Data records sampled, 1..100. @default 5 */
  rows?: number;
}

/** The result of `roster inspect`, also its `--json`. Sample values are masked PII-safe. */
export interface InspectResult {
  file: string;
  format: RosterFormat;
  profile: string;
  /** For delimited files only. */
  delimiter: string | null;
  /** For text formats only; null for `.xlsx`. */
  encoding: string | null;
  header: string[];
  mapping: { column: string; field: RosterField }[];
  unmapped: string[];
  /** Columns that name a field an earlier column already took; loading refuses them. */
  ambiguous: { column: string; field: RosterField; with: string }[];
  missingRequired: string[];
  /** Per mapped field, its values in the first records, masked where they are personal. */
  samples: Partial<Record<RosterField, string[]>>;
}

export const MAX_SAMPLE_ROWS = 100;

/** Person-name fields: only the first letter is shown. */
const NAME_FIELDS: ReadonlySet<string> = new Set(['lastName', 'firstName', 'middleName']);
/** Fields whose values are hidden: an individual's TIN is often the SSN. */
const SECRET_FIELDS: ReadonlySet<string> = new Set(['dob', 'tin']);
/** Columns whose values are hidden whatever field they feed: birth dates, SSNs, TINs. */
const SECRET_COLUMN = /ssn|social.?sec|\btin\b|tax.?id|birth|\bdob\b/i;

/**
 * Opens a roster the way `roster load` would and reports how it reads: format, delimiter and
 * encoding, header, the profile's mapping, unmapped columns, missing required fields and the
 * first values of each mapped field. Writes nothing; needs no workspace.
 */
export async function inspectRoster(
  file: string,
  opts: InspectOptions = {},
): Promise<InspectResult> {
  const rows = rowsOption(opts.rows);
  const profile = await resolveProfile(opts.profile);
  const source = { ...profile.source, ...(opts.sheet === undefined ? {} : { sheet: opts.sheet }) };
  const reader = {
    ...readerOptions(opts.delimiter ?? source.delimiter, opts.encoding ?? source.encoding),
    source,
  };
  const path = await checkFile(file);
  const format = formatFor(path, source);
  const roster = await openRoster(path, reader);
  try {
    const { map, conflicts } = matchHeader(roster.header, profile);
    const result: InspectResult = {
      file: path,
      format,
      profile: profile.name,
      delimiter: format === 'csv' ? roster.delimiter : null,
      encoding: format === 'xlsx' ? null : reader.encoding,
      header: roster.header,
      mapping: mappedColumns(map),
      unmapped: map.unknown,
      ambiguous: conflicts.map(({ column, field, with: w }) => ({ column, field, with: w })),
      missingRequired: missingRequired(map, profile),
      samples: await sampleValues(roster, map, rows),
    };
    return result;
  } finally {
    roster.close();
  }
}

function mappedColumns(map: ColumnMap): InspectResult['mapping'] {
  return (Object.entries(map.index) as [RosterField, number][])
    .sort((a, b) => a[1] - b[1])
    .map(([field]) => ({ column: map.header[field] ?? field, field }));
}

async function sampleValues(roster: RosterReader, map: ColumnMap, rows: number) {
  const samples: Partial<Record<RosterField, string[]>> = {};
  const fields = Object.entries(map.index) as [RosterField, number][];
  for (const [field] of fields) samples[field] = [];
  let taken = 0;
  try {
    for await (const item of roster.items) {
      if (item.kind !== 'record') continue;
      for (const [field, i] of fields) {
        samples[field]?.push(maskValue(field, map.header[field] ?? '', item.values[i] ?? ''));
      }
      if (++taken >= rows) break;
    }
  } catch (err) {
    // A header without data still has a mapping worth showing.
    if (!(isCredkitError(err) && err.code === 'E_EMPTY')) throw err;
  }
  return samples;
}

/**
 * A sample value safe to show: person names keep their first letter, birth dates and
 * SSN/TIN-like columns keep only their layout (`##/##/####`); other values are shown as read.
 */
export function maskValue(field: RosterField, column: string, value: string): string {
  const v = value.trim();
  if (v === '') return '';
  const secret = SECRET_FIELDS.has(field) || SECRET_COLUMN.test(column);
  if (secret || isSensitiveHeader(column)) return v.replace(/[\p{L}\p{N}]/gu, '#');
  if (NAME_FIELDS.has(field)) return `${[...v][0]}***`;
  return v;
}

function rowsOption(value: number | undefined): number {
  if (value === undefined) return 5;
  if (!Number.isInteger(value) || value < 1 || value > MAX_SAMPLE_ROWS) {
    throw usageError('E_OPTION', `--rows expected a whole number from 1 to ${MAX_SAMPLE_ROWS}`);
  }
  return value;
}

async function checkFile(file: string): Promise<string> {
  const path = resolve(file);
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    const code = err.code === 'ENOENT' ? 'E_FILE_NOT_FOUND' : 'E_FILE_UNREADABLE';
    throw usageError(code, `cannot open roster (${err.code ?? 'error'})`, { file: basename(path) });
  });
  if (!info.isFile()) {
    throw usageError('E_FILE_UNREADABLE', 'not a regular file', { file: basename(path) });
  }
  return path;
}
