/**
 * American Soundex (the census variant): first letter kept, then consonant classes, H and W
 * transparent, vowels separating repeats. Used only as a blocking key, so that `Jablonski` and
 * `Jablonsky` land in one block; the comparison itself uses Jaro-Winkler.
 */
const CODES: Readonly<Record<string, string>> = Object.fromEntries(
  'BFPV1 CGJKQSXZ2 DT3 L4 MN5 R6'
    .split(' ')
    .flatMap((group) => [...group.slice(0, -1)].map((ch) => [ch, group.slice(-1)])),
);

/** Soundex of an upper-case A-Z string; null when it has no letter. */
export function soundex(value: string | null): string | null {
  const letters = (value ?? '').replace(/[^A-Z]/g, '');
  if (!letters) return null;
  let out = letters[0] as string;
  let last = CODES[out] ?? '';
  for (const ch of letters.slice(1)) {
    const code = CODES[ch] ?? '';
    if (ch === 'H' || ch === 'W') continue;
    if (code && code !== last) out += code;
    last = code;
    if (out.length === 4) break;
  }
  return out.padEnd(4, '0');
}
