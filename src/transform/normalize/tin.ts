import { ok, warn, type Normalized } from './result.js';

/** `123-45-6789`: the SSN layout. An SSN is never stored (reliability.md S6). */
const SSN_LAYOUT = /^\d{3}-\d{2}-\d{4}$/;

/**
 * Taxpayer Identification Number (an EIN for organisations) to `NN-NNNNNNN`. Spreadsheets drop
 * a leading zero, so 8 digits get it back with a `W_TIN` warning; a value in the SSN layout is
 * dropped with `W_TIN_SSN`; anything else that is not 9 digits, or is one digit repeated
 * (`000000000`), is dropped with `W_TIN`. Messages never quote the value.
 */
export function normalizeTin(value: string | null, label = 'TIN'): Normalized {
  if (value === null) return ok(null);
  const text = value.trim();
  if (SSN_LAYOUT.test(text)) {
    return warn('W_TIN_SSN', `${label} is written like an SSN; not stored`);
  }
  if (!/^[\d\s-]+$/.test(text)) return warn('W_TIN', `${label} is not 9 digits; dropped`);
  const digits = text.replace(/\D/g, '');
  if (digits.length === 8) {
    return warn('W_TIN', `${label} had 8 digits; a leading 0 was added`, ein(`0${digits}`));
  }
  if (digits.length !== 9) return warn('W_TIN', `${label} is not 9 digits; dropped`);
  if (/^(\d)\1{8}$/.test(digits)) return warn('W_TIN', `${label} is a placeholder; dropped`);
  return ok(ein(digits));
}

function ein(digits: string): string {
  return `${digits.slice(0, 2)}-${digits.slice(2)}`;
}
