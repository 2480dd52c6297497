import { basename } from 'node:path';
import type { SnapshotSource } from '../model.js';

/** `YYYY-MM-DD` when the parts form a real calendar date, else null. */
export function isoDate(y: number, m: number, d: number): string | null {
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
    return null;
  }
  return back.toISOString().slice(0, 10);
}

/** NPPES and SAM `MM/DD/YYYY`; anything else (blank, `Indefinite`) is null. */
export function fromMdy(value: string | null): string | null {
  const m = value?.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  return m ? isoDate(Number(m[3]), Number(m[1]), Number(m[2])) : null;
}

/** LEIE `YYYYMMDD`; the `00000000` placeholder and anything malformed are null. */
export function fromYmd(value: string | null): string | null {
  const m = value?.match(/^(\d{4})(\d{2})(\d{2})$/);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** SAM `Creation_Date`, which real files write as `YYYY-MM-DD` whatever the layout says. */
export function fromIso(value: string | null): string | null {
  const m = value?.match(/^(\d{4})-(\d{2})-(\d{2})/);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** Julian `YYDDD` (SAM extract names) as an ISO date. */
export function fromJulian(yyddd: string): string | null {
  const year = 2000 + Number(yyddd.slice(0, 2));
  const day = Number(yyddd.slice(2));
  const leap = isoDate(year, 2, 29) !== null;
  if (day < 1 || day > (leap ? 366 : 365)) return null;
  return new Date(Date.UTC(year, 0, day)).toISOString().slice(0, 10);
}

/**
 * Publication date carried by a source file's name: NPPES `npidata_pfile_20050523-YYYYMMDD`
 * (and `endpoint_pfile_…` alike), SAM `…_YYDDD` (Julian). LEIE's `UPDATED.csv` carries none.
 */
export function publishedFromName(source: SnapshotSource, file: string): string | null {
  const name = basename(file);
  if (source === 'nppes' || source === 'nppes-endpoints') {
    const stem = source === 'nppes' ? 'npidata_pfile' : 'endpoint_pfile';
    const m = name.match(new RegExp(`${stem}_\\d{8}-(\\d{4})(\\d{2})(\\d{2})`, 'i'));
    return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  }
  if (source === 'sam') {
    const m = name.match(/_(\d{5})\.(csv|zip)$/i);
    return m ? fromJulian(m[1]) : null;
  }
  return null;
}

/** Whole days from ISO date `from` to ISO date `to`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/** Today's date (UTC) as `YYYY-MM-DD`. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
