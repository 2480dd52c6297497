import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** The lines of an NDJSON file, read whole; `.gz` files are gunzipped first. */
export interface NdjsonText {
  lines: string[];
  /** False when the last line has no line end (FHIR and ndjson.org both want one). */
  finalNewline: boolean;
}

/**
 * Reads an NDJSON file as lines. LF and CR LF both end a line (the R4 page says CR LF,
 * ndjson.org LF); a trailing CR is dropped. Throws the fs or zlib error, which the caller turns
 * into a problem naming the file.
 */
export function readNdjson(path: string): NdjsonText {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const lines = text.split('\n');
  const finalNewline = lines[lines.length - 1] === '';
  if (finalNewline) lines.pop();
  return {
    lines: lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)),
    finalNewline: finalNewline || text.length === 0,
  };
}

/** Every `reference` string anywhere in a resource. */
export function referencesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const v of value) referencesIn(v, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else referencesIn(v, out);
    }
  }
  return out;
}
