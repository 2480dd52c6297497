import { CredkitError } from '../../errors.js';

/** Reads a response body as UTF-8 text, refusing more than `maxBytes` (a hostile server). */
export async function readTextCapped(
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
  url: string,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      const where = new URL(url).pathname;
      throw new CredkitError(
        'E_HTTP_BODY_TOO_LARGE',
        `response of ${where} is over ${maxBytes} bytes`,
      );
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}
