import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { parse, type CsvError, type Parser } from 'csv-parse';
import iconv from 'iconv-lite';
import { CredkitError, ExitCode, usageError } from '../../errors.js';
import { ByteGuard } from './byte-guard.js';
import { detectDelimiter } from './delimiter.js';
import { checkHeader } from './header.js';
import { countLineBreaks } from './lines.js';
import type { ReaderOptions } from './options.js';

/** Records longer than this are refused (reliability.md I4): likely a wrong delimiter or quote. */
export const MAX_RECORD_CHARS = 1024 * 1024;

/** One data record: `record` counts data records from 1, `line` is where it starts. */
export interface RosterRecord {
  kind: 'record';
  record: number;
  line: number;
  values: string[];
}

/** A line with nothing but whitespace and delimiters: skipped and counted. */
export interface BlankLine {
  kind: 'blank';
  line: number;
}

/** A record the parser could not split into fields; `text` is its raw text. */
export interface BrokenRecord {
  kind: 'broken';
  record: number;
  line: number;
  code: string;
  message: string;
  text: string;
}

export type RosterItem = RosterRecord | BlankLine | BrokenRecord;

export interface RosterReader {
  /** Base name of the file, as findings cite it. */
  file: string;
  delimiter: string;
  /** Trimmed header names, checked for duplicates. */
  header: string[];
  /** Data records in file order; throws `E_EMPTY` at the end when there were none. */
  items: AsyncGenerator<RosterItem>;
  /** Releases the file; safe to call at any time, and more than once. */
  close(): void;
}

interface Parsed {
  raw: string;
  record: string[];
}

/**
 * Opens a delimited roster as a stream (the file is never read whole): bytes are checked by
 * ByteGuard, decoded when not UTF-8, and split by csv-parse with every value kept as a string.
 * Resolves once the header is read; file-level faults reject with exit 2.
 */
export async function openRosterReader(path: string, opts: ReaderOptions): Promise<RosterReader> {
  const file = basename(path);
  const delimiter = opts.delimiter ?? (await detectDelimiter(path));
  const state: ParseState = { file, nextLine: 1, pendingBroken: undefined, fatal: undefined };
  const parser = makeParser(delimiter, state);
  const source = createReadStream(path);
  const stages: (Readable | Transform)[] = [source, new ByteGuard(path, opts.encoding)];
  if (opts.encoding !== 'utf-8') stages.push(iconv.decodeStream(opts.encoding) as Transform);
  pipeline([...stages, parser], () => undefined);

  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<Parsed>;
  let header: string[];
  try {
    header = await readHeader(iterator, state);
  } catch (err) {
    parser.destroy();
    throw err;
  }
  const close = () => void parser.destroy();
  return { file, delimiter, header, items: readItems(iterator, state, parser), close };
}

interface ParseState {
  file: string;
  nextLine: number;
  pendingBroken: { code: string; text: string } | undefined;
  fatal: CredkitError | undefined;
}

function makeParser(delimiter: string, state: ParseState): Parser {
  const parser: Parser = parse({
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    raw: true,
    max_record_size: MAX_RECORD_CHARS,
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined, raw: string | undefined) => {
      onParseError(state, parser, err, raw);
      return undefined;
    },
  });
  return parser;
}

/**
 * An open quote at end of file spoils only the last record, so it becomes a finding. Any other
 * parser error leaves the rest of the file unreadable; it stops the load as a whole.
 */
function onParseError(state: ParseState, parser: Parser, err?: CsvError, raw?: string): void {
  if (err?.code === 'CSV_QUOTE_NOT_CLOSED') {
    state.pendingBroken = { code: 'E_QUOTE_NOT_CLOSED', text: raw ?? '' };
    return;
  }
  const what = err?.code === 'CSV_MAX_RECORD_SIZE' ? 'E_RECORD_TOO_LARGE' : 'E_CSV_SYNTAX';
  const detail = err?.code === 'CSV_MAX_RECORD_SIZE' ? 'a record over 1 MiB' : err?.code;
  state.fatal = new CredkitError(what, `cannot split the file into records: ${detail}`, {
    file: state.file,
    line: state.nextLine,
    exit: ExitCode.usage,
    suggestion: 'Check the delimiter and the quoting around this line.',
  });
  parser.destroy(state.fatal);
}

async function readHeader(it: AsyncIterator<Parsed>, state: ParseState): Promise<string[]> {
  const first = await nextParsed(it, state);
  if (!first) {
    throw usageError('E_EMPTY', 'file has no header and no records', { file: state.file });
  }
  state.nextLine += countLineBreaks(first.raw);
  return checkHeader(first.record, state.file);
}

async function nextParsed(it: AsyncIterator<Parsed>, state: ParseState): Promise<Parsed | null> {
  try {
    const step = await it.next();
    return step.done ? null : step.value;
  } catch (err) {
    throw state.fatal ?? err;
  }
}

async function* readItems(
  it: AsyncIterator<Parsed>,
  state: ParseState,
  parser: Parser,
): AsyncGenerator<RosterItem> {
  let record = 0;
  try {
    for (let p = await nextParsed(it, state); p; p = await nextParsed(it, state)) {
      const line = state.nextLine;
      state.nextLine += countLineBreaks(p.raw);
      if (p.record.every((v) => v.trim() === '')) {
        yield { kind: 'blank', line };
      } else {
        yield { kind: 'record', record: ++record, line, values: p.record };
      }
    }
    if (state.pendingBroken) {
      const { code, text } = state.pendingBroken;
      const message = 'a quoted field is still open at end of file';
      yield { kind: 'broken', record: ++record, line: state.nextLine, code, message, text };
    }
    if (record === 0) {
      throw usageError('E_EMPTY', 'file has a header but no data records', { file: state.file });
    }
  } finally {
    parser.destroy();
  }
}
