/**
 * Physical line breaks in a record's raw text: CRLF counts once, a lone CR or LF once each.
 * The parser's own line counter counts CRLF inside quoted fields twice, so the reader counts
 * from the raw text to give each record the line it starts on.
 */
export function countLineBreaks(raw: string): number {
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x0d) {
      n++;
      if (raw.charCodeAt(i + 1) === 0x0a) i++;
    } else if (c === 0x0a) {
      n++;
    }
  }
  return n;
}
