import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { listZip } from '../archive/zip.js';
import ExcelJS from 'exceljs';
import { CredkitError, ExitCode, usageError } from '../../errors.js';
import { cellText, type CellLike } from './xlsx-cells.js';
import type { RosterItem, RosterReader } from './csv.js';
import { checkHeader } from './header.js';
import type { ReaderOptions } from './options.js';
import type { ProfileSource } from './profiles.js';

/** The parts of exceljs's streaming worksheet this reader uses (its typings omit `name`). */
interface SheetReader extends AsyncIterable<RowLike> {
  name?: string;
}
interface RowLike {
  number: number;
  cellCount: number;
  getCell(col: number): CellLike;
}

type Rows = AsyncIterator<RowLike>;

/**
 * Opens the first worksheet of an `.xlsx` workbook, or the one `source.sheet` names (by name or
 * 1-based position), with exceljs's streaming reader, so rows are read as they are unzipped.
 * The header is the first non-empty row, or `source.headerRow`; rows above it are skipped.
 * A record's `line` is its Excel row number. Every cell becomes a string (see `cellText`).
 */
export async function openXlsxReader(
  path: string,
  opts: ReaderOptions & { source?: ProfileSource },
): Promise<RosterReader> {
  const file = basename(path);
  await checkZip(path, file);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles carry the number formats that tell a date cell from a number.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const stream = () => (workbook as unknown as { stream?: { destroy(): void } }).stream;
  const close = () => stream()?.destroy();
  try {
    const sheet = await findSheet(workbook, opts.source?.sheet, file);
    const rows = sheet[Symbol.asyncIterator]();
    const head = await readHeader(rows, opts.source?.headerRow, file);
    const header = checkHeader(head.values, file);
    const items = readItems(rows, header.length, head.row, file);
    return { file, delimiter: '', header, items, close };
  } catch (err) {
    close();
    throw xlsxError(err, file);
  }
}

/**
 * A workbook is a zip whose central directory names `xl/workbook.xml`. Checking that first,
 * with yauzl, refuses non-zips and truncated or damaged files before exceljs sees them:
 * exceljs reports some damage late, from temp files it has already removed.
 */
async function checkZip(path: string, file: string): Promise<void> {
  const magic = await firstBytes(path);
  if (magic !== 0x504b0304) {
    throw new CredkitError('E_XLSX', 'not an .xlsx workbook (not a zip file)', {
      file,
      exit: ExitCode.usage,
      suggestion:
        magic === 0xd0cf11e0 ? 'This is an old .xls file; save it as .xlsx in Excel.' : undefined,
    });
  }
  let names: string[];
  try {
    names = (await listZip(path)).map((e) => e.name);
  } catch {
    throw new CredkitError('E_XLSX', 'damaged workbook: its zip directory cannot be read', {
      file,
      exit: ExitCode.usage,
    });
  }
  if (!names.includes('xl/workbook.xml')) {
    throw new CredkitError('E_XLSX', 'not an .xlsx workbook (no xl/workbook.xml)', {
      file,
      exit: ExitCode.usage,
    });
  }
}

async function firstBytes(path: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const magic = Buffer.alloc(4);
    const { bytesRead } = await handle.read(magic, 0, 4, 0);
    return bytesRead === 4 ? magic.readUInt32BE(0) : 0;
  } finally {
    await handle.close();
  }
}

/** Worksheets arrive in the order the zip stores them, which is workbook order when saved. */
async function findSheet(
  workbook: AsyncIterable<unknown>,
  want: string | undefined,
  file: string,
): Promise<SheetReader> {
  const seen: string[] = [];
  const position = want !== undefined && /^\d+$/.test(want) ? Number(want) : undefined;
  // Stepped by hand, not with for-await: leaving a for-await loop calls the iterator's
  // return(), and exceljs then removes the temp file a worksheet read before the shared
  // strings is buffered in, while that worksheet is still being read (an uncaught ENOENT).
  const sheets = workbook[Symbol.asyncIterator]();
  for (let step = await sheets.next(); !step.done; step = await sheets.next()) {
    const sheet = step.value as SheetReader;
    seen.push(sheet.name ?? `#${seen.length + 1}`);
    if (want === undefined || position === seen.length || sheet.name === want) return sheet;
    for await (const _row of sheet) void _row; // drain a skipped sheet before the next one
  }
  if (seen.length === 0) {
    throw new CredkitError('E_XLSX', 'workbook has no worksheets', { file, exit: ExitCode.usage });
  }
  const names = seen.map((s) => `'${s}'`).join(', ');
  const message = `no worksheet '${want}'; the workbook has ${names}`;
  throw usageError('E_SHEET', message, { file });
}

interface HeaderRow {
  row: number;
  values: string[];
}

async function readHeader(rows: Rows, headerRow: number | undefined, file: string) {
  for (let step = await rows.next(); !step.done; step = await rows.next()) {
    const row = step.value;
    if (headerRow !== undefined && row.number < headerRow) continue;
    const values = rowValues(row);
    if (headerRow === undefined && values.every((v) => v.trim() === '')) continue;
    const width = lastFilled(values);
    // A blank header cell gets a placeholder name, so two blanks are not a duplicate header.
    const named = values.slice(0, width).map((v, i) => (v.trim() === '' ? `column ${i + 1}` : v));
    return { row: row.number, values: named } satisfies HeaderRow;
  }
  const where = headerRow === undefined ? '' : ` at or below row ${headerRow}`;
  throw usageError('E_EMPTY', `worksheet has no header row${where}`, { file });
}

async function* readItems(
  rows: Rows,
  width: number,
  headerLine: number,
  file: string,
): AsyncGenerator<RosterItem> {
  let record = 0;
  for (let step = await nextRow(rows, file); !step.done; step = await nextRow(rows, file)) {
    const row = step.value;
    const values = rowValues(row);
    const filled = lastFilled(values);
    if (filled === 0) {
      yield { kind: 'blank', line: row.number };
      continue;
    }
    // Trailing empty cells are not stored in the sheet; pad up to the header width.
    const cells = values.slice(0, Math.max(width, filled));
    while (cells.length < width) cells.push('');
    yield { kind: 'record', record: ++record, line: row.number, values: cells };
  }
  if (record === 0) {
    const message = `worksheet has a header (row ${headerLine}) but no data records`;
    throw usageError('E_EMPTY', message, { file });
  }
}

async function nextRow(rows: Rows, file: string): Promise<IteratorResult<RowLike>> {
  try {
    return await rows.next();
  } catch (err) {
    throw xlsxError(err, file);
  }
}

function rowValues(row: RowLike): string[] {
  const values: string[] = [];
  for (let c = 1; c <= row.cellCount; c++) values.push(cellText(row.getCell(c)));
  return values;
}

/** The count of cells up to and including the last non-blank one. */
function lastFilled(values: string[]): number {
  for (let i = values.length - 1; i >= 0; i--) if (values[i].trim() !== '') return i + 1;
  return 0;
}

/** exceljs and unzipper throw plain errors for a damaged zip; they become `E_XLSX`. */
function xlsxError(err: unknown, file: string): unknown {
  if (err instanceof CredkitError) return err;
  const detail = err instanceof Error ? err.message.split('\n')[0].slice(0, 120) : 'unknown';
  return new CredkitError('E_XLSX', `cannot read the workbook: ${detail}`, {
    file,
    exit: ExitCode.usage,
    cause: err,
  });
}
