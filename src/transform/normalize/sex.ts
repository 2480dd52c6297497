import { ok, warn, type Normalized } from './result.js';

const SEX_CODES: Record<string, string> = {
  m: 'M',
  male: 'M',
  f: 'F',
  female: 'F',
  x: 'X',
  u: 'U',
  unknown: 'U',
};

/** Sex to the NPPES codes M, F, X (unspecified/another) or U (unknown); others warn `W_SEX`. */
export function normalizeSex(value: string | null): Normalized {
  if (value === null) return ok(null);
  const code = SEX_CODES[value.toLowerCase()];
  return code ? ok(code) : warn('W_SEX', 'Sex is not one of M, F, X, U; dropped');
}
