/**
 * NPI format and check digit. The check digit is the Luhn digit computed over the prefix
 * `80840` plus the first nine digits; the prefix contributes a fixed 24 to the sum
 * (CMS "Requirements for NPI check digit"; US Core invariant us-core-17).
 */

export type NpiProblem = 'format' | 'check-digit' | 'placeholder';

/** Returns why a trimmed value is not a usable NPI, or null when it is one. */
export function npiProblem(value: string): NpiProblem | null {
  if (!/^\d{10}$/.test(value)) return 'format';
  if (/^0+$/.test(value)) return 'placeholder';
  return npiCheckDigit(value.slice(0, 9)) === Number(value[9]) ? null : 'check-digit';
}

export function isValidNpi(value: string | null | undefined): value is string {
  return typeof value === 'string' && npiProblem(value) === null;
}

/** The check digit for the first nine digits of an NPI. */
export function npiCheckDigit(first9: string): number {
  let sum = 24;
  for (let i = 0; i < 9; i++) {
    // Doubling starts at the rightmost of the nine digits (it sits left of the check digit).
    let d = Number(first9[8 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Completes a nine-digit stem into a valid NPI (used by fixture generators). */
export function withCheckDigit(first9: string): string {
  return first9 + String(npiCheckDigit(first9));
}
