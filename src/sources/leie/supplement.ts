import { basename } from 'node:path';
import { isoDate } from '../snapshot-dates.js';

/** A LEIE monthly supplement: its kind and the month it covers. */
export interface Supplement {
  kind: 'excl' | 'rein';
  start: string;
  end: string;
}

/**
 * `{yy}{mm}excl.csv` / `{yy}{mm}rein.csv`, any case (2017 files are upper case): the month's
 * exclusions or reinstatements, in the same 18-column layout as `UPDATED.csv`.
 */
export function supplementOf(file: string): Supplement | null {
  const m = basename(file).match(/^(\d{2})(\d{2})(excl|rein)\.csv$/i);
  if (!m) return null;
  const year = 2000 + Number(m[1]);
  const month = Number(m[2]);
  const start = isoDate(year, month, 1);
  if (!start) return null;
  const end = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  return { kind: m[3].toLowerCase() as Supplement['kind'], start, end };
}

/**
 * Columns that identify an exclusion for a reinstatement: the reinstatement row repeats the
 * person or business and the exclusion date, with REINDATE set, so the full row differs.
 */
export const REINSTATEMENT_KEY = ['last_name', 'first_name', 'bus_name', 'npi', 'dob', 'excl_date'];
