import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { dataFile } from '../data-files.js';
import { NUCC_FILE } from '../transform/normalize/taxonomy.js';

/**
 * NUCC groupings (Individual section) whose providers practise under a state licence, so a
 * roster row needs the licence state to verify it (42 CFR 455.412). Groupings that mix licensed
 * and unlicensed roles (technicians, aides, "Other Service Providers") are left out.
 */
export const LICENSED_GROUPINGS: readonly string[] = [
  'Allopathic & Osteopathic Physicians',
  'Physician Assistants & Advanced Practice Nursing Providers',
  'Dental Providers',
  'Behavioral Health & Social Service Providers',
  'Chiropractic Providers',
  'Podiatric Medicine & Surgery Service Providers',
  'Eye and Vision Services Providers',
  'Nursing Service Providers',
  'Pharmacy Service Providers',
  'Speech, Language and Hearing Service Providers',
];

let licensed: ReadonlySet<string> | undefined;

/** Whether a (normalised, NUCC-listed) taxonomy code belongs to a licensed grouping. */
export function isLicensedTaxonomy(code: string | null): boolean {
  if (code === null) return false;
  licensed ??= readLicensed(dataFile(NUCC_FILE));
  return licensed.has(code);
}

function readLicensed(path: string): ReadonlySet<string> {
  const rows = parse(readFileSync(path), { columns: true, bom: true }) as Record<string, string>[];
  const groupings = new Set(LICENSED_GROUPINGS);
  return new Set(
    rows
      .filter((r) => r.Section?.trim() === 'Individual' && groupings.has(r.Grouping?.trim()))
      .map((r) => r.Code.trim()),
  );
}
