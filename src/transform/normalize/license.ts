import { ok, warn, type Normalized } from './result.js';

/** Characters state boards use in licence numbers (`APRN.CNP.774977`, `MD-12/345`). */
const LICENSE_SHAPE = /^[A-Z0-9][A-Z0-9.\-/#]*$/;

/**
 * Licence number to upper case without any spaces (`ab 12 345` -> `AB12345`); leading zeros are
 * kept (reliability.md B11). A value with other characters is kept with `W_LICENSE`, because a
 * board may print it that way; the licence check compares it as stored.
 */
export function normalizeLicense(value: string | null, label = 'License Number'): Normalized {
  if (value === null) return ok(null);
  const compact = value.replace(/\s+/g, '').toUpperCase();
  if (!LICENSE_SHAPE.test(compact)) {
    return warn(
      'W_LICENSE',
      `${label} has characters other than letters, digits and . - / #; kept`,
      compact,
    );
  }
  return ok(compact);
}
