/**
 * Credentials (degrees and licences such as MD, RN, PA-C) and generational name suffixes, in
 * the forms rosters type them: `M.D.`, `M. D.`, `md`, `MD, PhD`.
 */

/** Credentials recognised at the end of a name cell (`SMITH MD`), after dots are removed. */
export const CREDENTIALS: ReadonlySet<string> = new Set([
  'MD',
  'DO',
  'MBBS',
  'PHD',
  'PSYD',
  'EDD',
  'DDS',
  'DMD',
  'DPM',
  'OD',
  'DC',
  'PHARMD',
  'RPH',
  'RN',
  'LPN',
  'LVN',
  'NP',
  'APRN',
  'CNP',
  'FNP',
  'FNP-BC',
  'FNP-C',
  'DNP',
  'CNM',
  'CRNA',
  'CNS',
  'PA',
  'PA-C',
  'PT',
  'DPT',
  'OT',
  'OTR',
  'OTR/L',
  'SLP',
  'CCC-SLP',
  'AUD',
  'LCSW',
  'LISW',
  'LICSW',
  'LSW',
  'MSW',
  'LPC',
  'LPCC',
  'LMHC',
  'LMFT',
  'BCBA',
  'RD',
  'MPH',
]);

/** Generational suffixes; `V` is left out because it is far more often a middle initial. */
export const SUFFIXES: ReadonlySet<string> = new Set(['JR', 'SR', 'II', 'III', 'IV']);

/**
 * Two-letter credentials that are also surnames or words (`Do`, `Pa`, `Od`): split off a name
 * only when written in capitals, with dots, or after a comma.
 */
const AMBIGUOUS: ReadonlySet<string> = new Set(['DO', 'PA', 'OD', 'DC', 'PT', 'OT', 'RD', 'NP']);

/** A credential or suffix token in its comparison form: upper case, dots removed. */
export function designationKey(token: string): string {
  return token.replace(/\./g, '').toUpperCase();
}

/**
 * Credential text to a canonical list: upper case, dots dropped, letters spelled apart joined
 * (`M. D.` -> `MD`), several credentials separated by `, ` (`md/phd` -> `MD, PHD`).
 */
export function normalizeCredentialText(value: string | null): string | null {
  if (value === null) return null;
  const parts = value
    .split(/[,;/]+/)
    .flatMap(credentialPieces)
    .filter((p) => p !== '');
  const unique = [...new Set(parts)];
  return unique.length ? unique.join(', ') : null;
}

function credentialPieces(piece: string): string[] {
  const tokens = piece
    .replace(/\./g, '')
    .trim()
    .toUpperCase()
    .split(/\s+/)
    .filter((t) => t !== '');
  // `M D` is one credential spelled with spaces; `MD PHD` are two.
  if (tokens.length > 1 && tokens.every((t) => t.length === 1)) return [tokens.join('')];
  return tokens;
}

/** Joins credential lists, dropping repeats: the column's credential first. */
export function mergeCredentials(...lists: (string | null)[]): string | null {
  return normalizeCredentialText(lists.filter((l) => l !== null).join(', ') || null);
}

/** A name cell with the credentials and suffixes typed after the name taken off. */
export interface SplitName {
  name: string;
  credentials: string[];
  suffix: string | null;
}

/**
 * Takes credentials and suffixes off the end of a name cell: `SMITH MD` -> `SMITH` + MD,
 * `John Smith, Jr.` -> `John Smith` + JR. At least one word always stays as the name.
 */
export function splitDesignations(value: string): SplitName {
  const tokens = [...value.matchAll(/[^\s,]+/g)];
  const credentials: string[] = [];
  let suffix: string | null = null;
  let cut = tokens.length;
  while (cut > 1) {
    const token = tokens[cut - 1];
    const key = designationKey(token[0]);
    const afterComma = /,\s*$/.test(value.slice(0, token.index));
    if (SUFFIXES.has(key) && suffix === null) suffix = key;
    else if (CREDENTIALS.has(key) && clearlyCredential(token[0], key, afterComma)) {
      credentials.unshift(key);
    } else break;
    cut--;
  }
  if (cut === tokens.length) return { name: value, credentials, suffix };
  const name = value.slice(0, tokens[cut].index).replace(/[\s,]+$/, '');
  return { name, credentials, suffix };
}

function clearlyCredential(token: string, key: string, afterComma: boolean): boolean {
  if (!AMBIGUOUS.has(key)) return true;
  return afterComma || token.includes('.') || token === token.toUpperCase();
}
