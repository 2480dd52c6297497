import { ok, warn, type Normalized } from './result.js';

/**
 * ZIP to `12345` or `12345-6789`. Spreadsheets drop the leading zero of New England ZIPs and
 * people type the letter O for zero (reliability.md B11, B16): both are repaired with a
 * `W_ZIP` warning. Anything else warns `W_ZIP` and is dropped.
 */
export function normalizeZip(value: string | null): Normalized {
  if (value === null) return ok(null);
  const compact = value.replace(/\s+/g, '');
  const repaired = compact.replace(/[oO]/g, '0');
  const m = /^(\d{4,5})(?:-?(\d{4}))?$/.exec(repaired);
  if (!m) return warn('W_ZIP', 'ZIP is not a 5-digit or ZIP+4 code; dropped');

  const zip5 = m[1].padStart(5, '0');
  const zip = m[2] ? `${zip5}-${m[2]}` : zip5;
  if (m[1].length === 4) return warn('W_ZIP', 'ZIP had 4 digits; a leading 0 was added', zip);
  if (repaired !== compact) return warn('W_ZIP', 'letter O in ZIP read as zero', zip);
  return ok(zip);
}
