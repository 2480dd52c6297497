/**
 * Calendar dates as day numbers (days since 1970-01-01, UTC), so that arithmetic never depends
 * on the machine's time zone or clock.
 */

const DAY_MS = 86_400_000;

export function dayOf(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

function parts(days: number): [string, string, string] {
  const d = new Date(days * DAY_MS);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return [y, m, dd];
}

/** `MM/DD/YYYY` (roster, NPPES, SAM active dates). */
export function mdy(days: number): string {
  const [y, m, d] = parts(days);
  return `${m}/${d}/${y}`;
}

/** `YYYYMMDD` (LEIE). */
export function ymdCompact(days: number): string {
  return parts(days).join('');
}

/** `YYYY-MM-DD` (SAM Creation_Date, expected.json). */
export function iso(days: number): string {
  return parts(days).join('-');
}

/** The day the demo world is "as of": the end date in the NPPES file name. */
export const AS_OF = dayOf(2026, 11, 9);
