import { createReadStream } from 'node:fs';
import { usageError } from '../../errors.js';

/** NDJSON lines longer than this are refused (reliability.md I4, B24). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** One physical line of an NDJSON file; `text` is absent when the bytes are not UTF-8. */
export interface NdjsonLine {
  line: number;
  text: string | undefined;
}

/**
 * Streams the lines of an NDJSON file without ever holding more than one line: splits on LF,
 * drops a trailing CR (the R4 page says CR LF) and a leading BOM. A line over `maxBytes` stops
 * the read with `E_LINE_TOO_LONG file:line` (exit 2): the rest cannot be trusted to be NDJSON.
 */
export async function* ndjsonLines(
  path: string,
  file: string,
  maxBytes = MAX_LINE_BYTES,
): AsyncGenerator<NdjsonLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let parts: Buffer[] = [];
  let size = 0;
  let line = 1;
  const take = (piece: Buffer): void => {
    size += piece.length;
    if (size > maxBytes) {
      const message = `a line over ${maxBytes} bytes; not NDJSON or a resource too large`;
      throw usageError('E_LINE_TOO_LONG', message, { file, line });
    }
    parts.push(piece);
  };
  const emit = (): NdjsonLine => {
    const out = { line, text: decode(decoder, Buffer.concat(parts), line === 1) };
    parts = [];
    size = 0;
    line++;
    return out;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    const buf = chunk as Buffer;
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
      take(buf.subarray(start, nl));
      yield emit();
      start = nl + 1;
    }
    if (start < buf.length) take(buf.subarray(start));
  }
  if (size > 0) yield emit();
}

function decode(decoder: TextDecoder, bytes: Buffer, first: boolean): string | undefined {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return undefined;
  }
  if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
