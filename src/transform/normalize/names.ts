import { cleanText } from './text.js';

/**
 * A person or organisation name as given: trimmed and in Unicode NFC, so that `é` typed as one
 * code point or as `e` plus a combining accent compares equal. Case and inner spacing are kept;
 * comparisons use `nameKey`.
 */
export function normalizeName(value: string | undefined): string | null {
  const text = cleanText(value);
  return text === null ? null : text.normalize('NFC');
}

/** Case-, accent- and spacing-insensitive form of a name, for comparisons only (never stored). */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
