import { foldHeader } from './profiles.js';

/** What a sensitive cell is replaced with wherever a raw record is kept. */
export const REDACTED = '[redacted]';

/**
 * Columns that hold a Social Security Number. credkit never stores an SSN (reliability.md S6):
 * such a column is not mapped, and its cells are redacted in the raw copy of rejected rows.
 */
export function isSensitiveHeader(name: string): boolean {
  const f = foldHeader(name);
  return f.startsWith('ssn') || f.endsWith('ssn') || f.includes('socialsecurity');
}

/** A raw record with the cells of SSN columns replaced by `[redacted]` (blank cells stay). */
export function redactRaw(raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    out[key] = isSensitiveHeader(key) && value.trim() !== '' ? REDACTED : value;
  }
  return out;
}
