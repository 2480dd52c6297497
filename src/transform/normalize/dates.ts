import { fail, ok, type Normalized } from './result.js';

/** Date layouts a roster profile may declare. */
export const DATE_FORMATS = ['MM/DD/YYYY', 'M/D/YYYY', 'YYYY-MM-DD', 'DD/MM/YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

interface Layout {
  pattern: RegExp;
  order: 'mdy' | 'dmy' | 'ymd';
}

const LAYOUTS: Record<DateFormat, Layout> = {
  'MM/DD/YYYY': { pattern: /^(\d{2})\/(\d{2})\/(\d{4})$/, order: 'mdy' },
  'M/D/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: 'mdy' },
  'YYYY-MM-DD': { pattern: /^(\d{4})-(\d{2})-(\d{2})$/, order: 'ymd' },
  'DD/MM/YYYY': { pattern: /^(\d{2})\/(\d{2})\/(\d{4})$/, order: 'dmy' },
};

/** Spreadsheet exports append a midnight time to dates (`9/3/1997 0:00:00`). */
const MIDNIGHT = /\s+0?0:00(:00)?$/;
const TWO_DIGIT_YEAR = /^\d{1,2}[/-]\d{1,2}[/-]\d{2}$/;

/**
 * Parses a date cell against the declared formats into ISO `YYYY-MM-DD`. A value that no
 * format reads, an impossible calendar date, a 2-digit year, or a value two formats read
 * differently (03/04/1971 under both MM/DD and DD/MM) is an `E_DATE` error.
 */
export function parseDate(
  value: string | null,
  formats: readonly DateFormat[],
  label: string,
): Normalized {
  if (value === null) return ok(null);
  const text = value.replace(MIDNIGHT, '');
  if (TWO_DIGIT_YEAR.test(text)) return fail('E_DATE', `${label} has a 2-digit year`);

  const readings = new Set<string>();
  for (const format of formats) {
    const iso = readAs(text, LAYOUTS[format]);
    if (iso !== undefined) readings.add(iso);
  }
  const expected = formats.join(' or ');
  if (readings.size > 1) return fail('E_DATE', `${label} is ambiguous between ${expected}`);
  const [iso] = readings;
  if (iso === undefined) {
    return fail('E_DATE', `${label} is not a valid date (expected ${expected})`);
  }
  return ok(iso);
}

/** ISO date when the text fits the layout and names a real calendar day, else undefined. */
function readAs(text: string, layout: Layout): string | undefined {
  const m = layout.pattern.exec(text);
  if (!m) return undefined;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [y, mo, d] =
    layout.order === 'ymd' ? [a, b, c] : layout.order === 'mdy' ? [c, a, b] : [c, b, a];
  if (!isRealDay(y, mo, d)) return undefined;
  return `${String(y).padStart(4, '0')}-${pad2(mo)}-${pad2(d)}`;
}

export function isRealDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; UTC avoids DST edges.
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
