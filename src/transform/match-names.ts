/**
 * Name keys for matching roster rows against source files. Both sides go through the same
 * function, at import time for the sources and at verify time for the roster, so a join on
 * the keys is an exact comparison of normalised names.
 */

/** Legal-form words that do not tell two organisations apart. */
const LEGAL_FORMS = new Set([
  'INC',
  'INCORPORATED',
  'LLC',
  'LLP',
  'LTD',
  'CORP',
  'CORPORATION',
  'CO',
  'COMPANY',
  'PC',
  'PLLC',
  'PA',
  'LP',
  'THE',
]);

/** Upper case, accents dropped, punctuation removed, whitespace collapsed; null when empty. */
export function nameKey(value: string | null | undefined): string | null {
  if (!value) return null;
  const key = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/['’`.]/g, '')
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
  return key === '' ? null : key;
}

/** An organisation name key: `nameKey` without legal-form words (`Acme Home Care, Inc.`). */
export function orgKey(value: string | null | undefined): string | null {
  const key = nameKey(value);
  if (!key) return null;
  const words = key.split(' ').filter((w) => !LEGAL_FORMS.has(w));
  return words.length ? words.join(' ') : key;
}
