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

/** The 27 characters windows-1252 puts at bytes 0x80-0x9F, and those bytes. */
const CP1252_CHARS =
  '\u20AC\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u017D' +
  '\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u017E\u0178';
const CP1252_BYTES = [
  0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e, 0x91, 0x92, 0x93,
  0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9e, 0x9f,
];
const CP1252: ReadonlyMap<string, number> = new Map(
  [...CP1252_CHARS].map((c, i) => [c, CP1252_BYTES[i]]),
);

/**
 * A lead byte of a 2-4 byte UTF-8 sequence read as windows-1252 (`Ã`, `Â`, `Ð`...), followed by
 * a continuation byte read the same way: the mark of UTF-8 decoded twice (reliability.md B3).
 */
const DOUBLE_ENCODED = new RegExp(`[\u00C2-\u00F4][\u0080-\u00BF${CP1252_CHARS}]`);

/**
 * Repairs UTF-8 that was decoded as windows-1252 once more (`JosÃ©` -> `José`): the text is
 * turned back into those bytes and read as UTF-8. Done once, never repeated, and only when the
 * bytes are valid UTF-8; returns null when the text shows no sign of double encoding.
 */
export function repairMojibake(text: string): string | null {
  if (!DOUBLE_ENCODED.test(text)) return null;
  const bytes: number[] = [];
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    const byte = code <= 0xff ? code : CP1252.get(c);
    if (byte === undefined) return null;
    bytes.push(byte);
  }
  try {
    const repaired = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    return repaired === text ? null : repaired.normalize('NFC');
  } catch {
    return null;
  }
}
