import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { dataFile } from '../../data-files.js';
import { ok, warn, type Normalized } from './result.js';

/** Health Care Provider Taxonomy code shape: 3 digits, 6 digits or letters, then `X`. */
const CODE_SHAPE = /^\d{3}[0-9A-Z]{6}X$/;

/** The NUCC code list shipped with credkit (version 25.1) in the package's `data/` folder. */
export const NUCC_FILE = 'nucc-taxonomy.csv';

let codes: ReadonlySet<string> | undefined;

/** The NUCC taxonomy codes, read once from the packaged CSV (a 0.5 MB code list). */
export function nuccCodes(): ReadonlySet<string> {
  if (!codes) codes = readCodes(dataFile(NUCC_FILE));
  return codes;
}

export function readCodes(path: string): ReadonlySet<string> {
  const rows = parse(readFileSync(path), { columns: true, bom: true }) as Record<string, string>[];
  return new Set(rows.map((r) => r.Code.trim()));
}

/**
 * Taxonomy code upper-cased and checked against the NUCC list. A well-formed code NUCC does
 * not list (a newer release, say) is kept with `W_TAXONOMY`; a malformed one is dropped.
 */
export function normalizeTaxonomy(value: string | null): Normalized {
  if (value === null) return ok(null);
  const code = value.toUpperCase();
  if (!CODE_SHAPE.test(code)) {
    return warn('W_TAXONOMY', 'Taxonomy is not a 10-character NUCC code; dropped');
  }
  if (!nuccCodes().has(code)) {
    return warn('W_TAXONOMY', `Taxonomy ${code} is not in the NUCC code set; kept`, code);
  }
  return ok(code);
}
