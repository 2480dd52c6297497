import { open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';

/**
 * What a `.part` file was downloaded against, kept beside it as `<part>.json`: a resume is only
 * asked for with the same URL and with a validator the server gave, sent as `If-Range`, so a
 * file that changed on the server restarts from byte 0 instead of being spliced.
 * The URL is stored as a hash because it may carry an API key.
 */
export interface PartMeta {
  urlSha256: string;
  etag: string | null;
  lastModified: string | null;
}

export function metaPath(part: string): string {
  return `${part}.json`;
}

export function urlHash(url: string): string {
  return createHash('sha256').update(url).digest('hex');
}

/** Bytes of the `.part` that may be resumed for `url`, and the `If-Range` value to send. */
export async function resumePoint(
  part: string,
  url: string,
): Promise<{ bytes: number; ifRange: string | null }> {
  const meta = await readMeta(part);
  const ifRange = meta && meta.urlSha256 === urlHash(url) ? validator(meta) : null;
  const bytes = ifRange ? await sizeOf(part) : 0;
  return { bytes, ifRange: bytes > 0 ? ifRange : null };
}

/** A strong ETag, else Last-Modified: `If-Range` must not carry a weak ETag (RFC 9110). */
function validator(meta: PartMeta): string | null {
  if (meta.etag && !meta.etag.startsWith('W/')) return meta.etag;
  return meta.lastModified;
}

export async function writeMeta(part: string, meta: PartMeta): Promise<void> {
  await writeFile(metaPath(part), JSON.stringify(meta), { mode: 0o600 });
}

async function readMeta(part: string): Promise<PartMeta | null> {
  try {
    return JSON.parse(await readFile(metaPath(part), 'utf8')) as PartMeta;
  } catch {
    return null;
  }
}

export async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

export async function removePart(part: string): Promise<void> {
  await rm(part, { force: true });
  await rm(metaPath(part), { force: true });
}

/**
 * Streams a body into the part file, appending or from the start, and fsyncs what arrived
 * even when the body breaks off, so the next attempt resumes from the last byte on disk.
 */
export async function writeBody(
  part: string,
  body: AsyncIterable<Uint8Array>,
  append: boolean,
  onBytes: (n: number) => void,
): Promise<void> {
  const fh = await open(part, append ? 'a' : 'w', 0o600);
  try {
    for await (const chunk of body) {
      await fh.write(chunk);
      onBytes(chunk.length);
    }
  } finally {
    await fh.sync();
    await fh.close();
  }
}
