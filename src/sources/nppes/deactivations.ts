import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import { CredkitError, ExitCode } from '../../errors.js';
import { cellText, type CellLike } from '../roster/xlsx-cells.js';
import { rowHash } from '../snapshot-csv.js';
import { fromIso, fromMdy, isoDate } from '../snapshot-dates.js';
import { mmddyy } from './weekly.js';

export const DEACTIVATION_SHEET = 'DeactivatedNPIs';

/** Items of the report in order: its date (from the title row), then rows and refused rows. */
export type DeactivationItem =
  | { kind: 'as-of'; date: string | null }
  | { kind: 'row'; npi: string; date: string; line: number; rawSha256: string }
  | { kind: 'reject'; line: number; field: string };

interface SheetLike extends AsyncIterable<RowLike> {
  name?: string;
}
interface RowLike {
  number: number;
  getCell(col: number): CellLike;
}

/**
 * Reads the NPPES Deactivated NPI Report (.xlsx, sheet `DeactivatedNPIs`) with exceljs's
 * streaming reader: a title row "NPPES Deactivated Records as of …", the header
 * `NPI | NPPES Deactivation Date`, then one NPI (text) and date (`MM/DD/YYYY` text) a row.
 * A row whose NPI is not 10 digits or whose date is unreadable is yielded as a reject.
 */
export async function* readDeactivations(path: string): AsyncGenerator<DeactivationItem> {
  const file = basename(path);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let header = false;
  let asOf: string | null = null;
  try {
    const sheet = await findSheet(workbook as unknown as AsyncIterable<SheetLike>, file);
    for await (const row of sheet) {
      const first = cellText(row.getCell(1)).trim();
      const second = cellText(row.getCell(2)).trim();
      if (!header) {
        asOf ??= titleDate(first);
        header = /^NPI$/i.test(first);
        if (header) yield { kind: 'as-of', date: asOf };
        continue;
      }
      if (first === '' && second === '') continue;
      yield item(first, second, row.number);
    }
  } catch (err) {
    if (err instanceof CredkitError) throw err;
    throw new CredkitError('E_XLSX', 'unreadable deactivation report workbook', {
      file,
      exit: ExitCode.usage,
      cause: err,
    });
  }
  if (!header) {
    throw new CredkitError('E_MISSING_COLUMN', 'no `NPI | NPPES Deactivation Date` header', {
      file,
      exit: ExitCode.usage,
    });
  }
}

function item(npi: string, dateText: string, line: number): DeactivationItem {
  if (!/^\d{10}$/.test(npi)) return { kind: 'reject', line, field: 'NPI' };
  const date = fromMdy(dateText) ?? fromIso(dateText);
  if (!date) return { kind: 'reject', line, field: 'NPPES Deactivation Date' };
  return { kind: 'row', npi, date, line, rawSha256: rowHash([npi, dateText]) };
}

async function findSheet(workbook: AsyncIterable<SheetLike>, file: string): Promise<SheetLike> {
  const seen: string[] = [];
  for await (const sheet of workbook) {
    if (sheet.name === undefined || sheet.name === DEACTIVATION_SHEET) return sheet;
    seen.push(sheet.name);
  }
  throw new CredkitError(
    'E_SHEET',
    `no worksheet '${DEACTIVATION_SHEET}'; the workbook has ${seen.join(', ') || 'none'}`,
    { file, exit: ExitCode.usage },
  );
}

/** "NPPES Deactivated Records as of 09/14/2026" (or a spelled-out date) -> ISO. */
export function titleDate(title: string): string | null {
  const m = title.match(/as of\s+(.+)$/i);
  if (!m) return null;
  const text = m[1].trim().replace(/\.$/, '');
  const direct = fromMdy(text) ?? fromIso(text);
  if (direct) return direct;
  const t = new Date(text);
  return Number.isNaN(t.getTime()) ? null : isoDate(t.getFullYear(), t.getMonth() + 1, t.getDate());
}

/** `NPPES_Deactivated_NPI_Report_<MMDDYY>(_V2).zip|.xlsx` -> ISO date. */
export function reportDateFromName(file: string): string | null {
  const m = basename(file).match(/NPPES_Deactivated_NPI_Report_(\d{6})/i);
  return m ? mmddyy(m[1]) : null;
}

/** The report's date: from its name, else from the title row. */
export async function reportDate(file: string, readPath: string): Promise<string | null> {
  const named = reportDateFromName(file) ?? reportDateFromName(readPath);
  if (named) return named;
  for await (const it of readDeactivations(readPath)) {
    if (it.kind === 'as-of') return it.date;
  }
  return null;
}
