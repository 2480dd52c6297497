import { ok, warn, type Normalized } from './result.js';

/** Extensions are dropped: the MMIS phone field holds the 10-digit number only. */
const EXTENSION = /\s*(x|ext\.?|extension)\s*\d+$/i;

/** US phone number to 10 digits; a leading country code 1 is removed. Others warn `W_PHONE`. */
export function normalizePhone(value: string | null): Normalized {
  if (value === null) return ok(null);
  let digits = value.replace(EXTENSION, '').replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  if (digits.length !== 10) return warn('W_PHONE', 'Phone is not a 10-digit US number; dropped');
  return ok(digits);
}
