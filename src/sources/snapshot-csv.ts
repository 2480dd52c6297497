import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { CredkitError, ExitCode, usageError } from '../errors.js';

/** One data record of a source file, mapped to its table's columns. */
export interface SnapshotRow {
  kind: 'row';
  /** Physical line (1-based) where the record starts. */
  line: number;
  values: Record<string, unknown>;
}

/** A record whose field count differs from the header's: counted, never imported. */
export interface SnapshotReject {
  kind: 'reject';
  line: number;
  code: 'W_FIELD_COUNT';
  fields: number;
  expected: number;
}

export type SnapshotItem = SnapshotRow | SnapshotReject;

/** Turns one record's values into a row; built once from the header. */
export type RowMapper = (values: string[], line: number) => Record<string, unknown>;

/**
 * Streams a source file record by record (never the whole file in memory: the NPPES monthly
 * is 11 GB). Quoting is relaxed because the SAM extract has broken quotes; a record whose
 * field count differs from the header is yielded as a reject instead of stopping the import.
 * `mapperFor` sees the header first and throws when a required column is missing.
 */
export async function* readSnapshotCsv(
  file: string,
  mapperFor: (header: string[]) => RowMapper,
): AsyncGenerator<SnapshotItem> {
  const parser = parse({
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });
  // pipeline() destroys the parser with the file's error (ENOENT, EIO), so the loop below
  // sees it; its own rejection carries the same error and is dropped here.
  pipeline(createReadStream(file), parser).catch(() => undefined);
  let map: RowMapper | undefined;
  let expected = 0;
  const lines = new LineTracker();
  try {
    for await (const { record, info } of parser as AsyncIterable<ParsedRecord>) {
      const line = lines.startLine(record, info.lines);
      if (!map) {
        map = mapperFor(record.map(headerName));
        expected = record.length;
        continue;
      }
      if (record.length !== expected) {
        yield { kind: 'reject', line, code: 'W_FIELD_COUNT', fields: record.length, expected };
        continue;
      }
      const values = { ...map(record, line), line, raw_sha256: rowHash(record) };
      yield { kind: 'row', line, values };
    }
  } catch (err) {
    throw asReadError(err, file);
  }
  if (!map) throw usageError('E_EMPTY_FILE', 'file has no header line', { file: basename(file) });
}

/**
 * csv-parse messages can quote the offending value (a name, say), so only its code and line
 * are passed on; unreadable files become usage errors.
 */
/** A parser or file-system failure as the `E_CSV_PARSE` / `E_FILE_UNREADABLE` usage error. */
export function asReadError(err: unknown, file: string): unknown {
  if (err instanceof CredkitError) return err;
  const e = err as { code?: string; lines?: number; message?: string };
  const name = basename(file);
  if (e.code?.startsWith('CSV_')) {
    return new CredkitError('E_CSV_PARSE', `unreadable CSV (${e.code})`, {
      file: name,
      line: e.lines,
      exit: ExitCode.usage,
      cause: err,
    });
  }
  if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR') {
    return new CredkitError('E_FILE_UNREADABLE', `cannot read file (${e.code})`, {
      file: name,
      exit: ExitCode.usage,
      cause: err,
    });
  }
  return err;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/**
 * csv-parse reports the line where a record ends, and counts a CRLF inside a quoted value as
 * two lines; this recovers the start line of each record from the values themselves.
 */
class LineTracker {
  private excess = 0;

  startLine(record: string[], endLine: number): number {
    let breaks = 0;
    let crlf = 0;
    for (const v of record) {
      if (v.includes('\n') || v.includes('\r')) {
        breaks += (v.match(/\r\n|\r|\n/g) ?? []).length;
        crlf += (v.match(/\r\n/g) ?? []).length;
      }
    }
    this.excess += crlf;
    return endLine - this.excess - breaks;
  }
}

/**
 * SHA-256 of the record's fields as parsed, joined by U+001F: evidence that pins the exact
 * source row a check matched, reproducible by parsing the same file again.
 */
export function rowHash(values: string[]): string {
  return createHash('sha256').update(values.join('\u001f')).digest('hex');
}

/** Header names are compared after trimming and collapsing whitespace, case-insensitively. */
export function headerName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Column positions by header name; `need` lists acceptable spellings, first is canonical. */
export class HeaderIndex {
  private readonly positions = new Map<string, number>();
  private readonly missing: string[] = [];

  constructor(
    header: string[],
    private readonly file: string,
  ) {
    header.forEach((name, i) => {
      if (!this.positions.has(name)) this.positions.set(name, i);
    });
  }

  /** Position of the first spelling present; records the column as missing otherwise. */
  need(...spellings: string[]): number {
    for (const s of spellings) {
      const at = this.positions.get(headerName(s));
      if (at !== undefined) return at;
    }
    this.missing.push(spellings.join(' or '));
    return -1;
  }

  /** Throws E_MISSING_COLUMN naming every missing column at once. */
  check(): void {
    if (this.missing.length === 0) return;
    throw new CredkitError(
      'E_MISSING_COLUMN',
      `missing required column(s): ${this.missing.join('; ')}`,
      { file: basename(this.file), line: 1, exit: ExitCode.usage },
    );
  }
}

/** Masks and placeholders that mean "no value" in CMS files (sources.md 2.2). */
const MASKED = /^(<UNAVAIL>|\$+|\*+|_+)$/;

/** A trimmed value, or null for empty, masked and placeholder values. */
export function clean(value: string | undefined): string | null {
  if (value === undefined) return null;
  const v = value.trim();
  return v === '' || MASKED.test(v) ? null : v;
}
