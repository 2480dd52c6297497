import { open } from 'node:fs/promises';
import { DELIMITER_CANDIDATES } from './options.js';

/** A header line longer than this is not a roster header; detection looks no further. */
const HEADER_PROBE_BYTES = 64 * 1024;

/**
 * Picks the delimiter from the header line: the candidate seen most often outside quotes,
 * earlier candidates winning ties; `,` when none occurs (a one-column file). Reads only the
 * first 64 KiB. All candidates are ASCII, so the bytes can be scanned in any supported encoding.
 */
export async function detectDelimiter(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HEADER_PROBE_BYTES);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return pickDelimiter(buf.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

export function pickDelimiter(bytes: Buffer): string {
  const counts = new Map<number, number>(DELIMITER_CANDIDATES.map((d) => [d.charCodeAt(0), 0]));
  let quoted = false;
  for (const b of bytes) {
    if (b === 0x22) quoted = !quoted;
    else if (!quoted && (b === 0x0a || b === 0x0d)) break;
    else if (!quoted && counts.has(b)) counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  let best: string = DELIMITER_CANDIDATES[0];
  let bestCount = 0;
  for (const d of DELIMITER_CANDIDATES) {
    const n = counts.get(d.charCodeAt(0)) ?? 0;
    if (n > bestCount) [best, bestCount] = [d, n];
  }
  return best;
}
