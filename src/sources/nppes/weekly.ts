import { basename } from 'node:path';
import { daysBetween, isoDate } from '../snapshot-dates.js';

/** First and last day (ISO) a file covers. */
export interface Period {
  start: string;
  end: string;
}

/** Weeklies span 7 days; anything over a month is a monthly file given by mistake. */
const MAX_SPAN_DAYS = 31;

/**
 * The week a weekly NPPES file covers, from its name: the package
 * `NPPES_Data_Dissemination_<MMDDYY>_<MMDDYY>_Weekly(_V2).zip` or its member
 * `npidata_pfile_<YYYYMMDD>-<YYYYMMDD>.csv`. Null when neither name carries a week (a monthly
 * `npidata_pfile_20050523-…` spans twenty years and is refused here).
 */
export function weeklyPeriod(...files: string[]): Period | null {
  for (const file of files) {
    const period = fromPackage(basename(file)) ?? fromMember(basename(file));
    if (period) return period;
  }
  return null;
}

function fromPackage(name: string): Period | null {
  const m = name.match(/NPPES_Data_Dissemination_(\d{6})_(\d{6})_Weekly/i);
  return m ? checked(mmddyy(m[1]), mmddyy(m[2])) : null;
}

function fromMember(name: string): Period | null {
  const m = name.match(/npidata_pfile_(\d{8})-(\d{8})/i);
  return m ? checked(yyyymmdd(m[1]), yyyymmdd(m[2])) : null;
}

function checked(start: string | null, end: string | null): Period | null {
  if (!start || !end) return null;
  const span = daysBetween(start, end);
  return span >= 0 && span <= MAX_SPAN_DAYS ? { start, end } : null;
}

/** `MMDDYY`; NPPES weekly names are all this century. */
export function mmddyy(v: string): string | null {
  return isoDate(2000 + Number(v.slice(4, 6)), Number(v.slice(0, 2)), Number(v.slice(2, 4)));
}

function yyyymmdd(v: string): string | null {
  return isoDate(Number(v.slice(0, 4)), Number(v.slice(4, 6)), Number(v.slice(6, 8)));
}
