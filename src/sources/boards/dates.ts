import { DATE_FORMATS, parseDate, type DateFormat } from '../../transform/normalize/dates.js';
import { isoDate } from '../snapshot-dates.js';

/** Date layouts of board and state-list files (sources.md 6, 7 and 10; reliability.md B12). */
export const LAYOUT_DATE_FORMATS = [
  ...DATE_FORMATS,
  'YYYYMMDD',
  'YYYY-MM-DD HH:MM:SS',
  'Mon-DD-YYYY',
  'excel-serial',
] as const;
export type LayoutDateFormat = (typeof LAYOUT_DATE_FORMATS)[number];

const MONTHS = 'JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC'.split(' ');

/** Dates before this year are sentinels (`1800-12-27` default effective dates), not dates. */
const FIRST_REAL_YEAR = 1900;

/** Excel serial day 0 is 1899-12-30 (the 1900 leap-year bug included). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

export type DateReading = { ok: true; value: string | null } | { ok: false; message: string };

/**
 * Reads a date cell under the layout's formats. Roster formats go through the roster parser
 * (2-digit years and ambiguous readings refused); the extra formats are tried after it.
 * Sentinel dates before 1900 read as null.
 */
export function readLayoutDate(
  value: string | null,
  formats: readonly LayoutDateFormat[],
): DateReading {
  if (value === null) return { ok: true, value: null };
  const readings = new Set<string>();
  const roster = formats.filter((f): f is DateFormat => DATE_FORMATS.includes(f as DateFormat));
  if (roster.length) {
    const r = parseDate(value, roster, 'date');
    if (r.value) readings.add(r.value);
  }
  for (const f of formats) {
    const iso = readExtra(value.trim(), f);
    if (iso) readings.add(iso);
  }
  if (readings.size > 1) return { ok: false, message: `ambiguous between ${formats.join(', ')}` };
  const [iso] = readings;
  if (!iso) return { ok: false, message: `not a date in ${formats.join(', ')}` };
  return { ok: true, value: Number(iso.slice(0, 4)) < FIRST_REAL_YEAR ? null : iso };
}

function readExtra(text: string, format: LayoutDateFormat): string | null {
  if (format === 'YYYYMMDD') {
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
    return m ? isoDate(+m[1], +m[2], +m[3]) : null;
  }
  if (format === 'YYYY-MM-DD HH:MM:SS') {
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.exec(text);
    return m ? isoDate(+m[1], +m[2], +m[3]) : null;
  }
  if (format === 'Mon-DD-YYYY') {
    const m = /^([A-Za-z]{3})-(\d{1,2})-(\d{4})$/.exec(text);
    const month = m ? MONTHS.indexOf(m[1].toUpperCase()) + 1 : 0;
    return m && month ? isoDate(+m[3], month, +m[2]) : null;
  }
  if (format === 'excel-serial') {
    // Five digits cover 1927..2173; fewer would read ZIPs and counts as dates.
    if (!/^\d{5}$/.test(text)) return null;
    return new Date(EXCEL_EPOCH + Number(text) * 86_400_000).toISOString().slice(0, 10);
  }
  return null;
}

/**
 * Reads a publication date found in a title row or file name: the layout's formats, and ISO
 * dates, which no other format reads differently.
 */
export function readStampDate(text: string, formats: readonly LayoutDateFormat[]): string | null {
  const all = [...new Set<LayoutDateFormat>([...formats, 'YYYY-MM-DD', 'YYYYMMDD'])];
  const r = readLayoutDate(text.trim(), all);
  return r.ok ? r.value : null;
}
