/**
 * CSV output for the generators: RFC 4180 quoting and a buffered, back-pressure-aware line
 * writer so that a million rows stream to disk with flat memory.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** Quotes a field only when RFC 4180 requires it (comma, quote, CR or LF inside). */
export function minimalQuote(value: string): string {
  return /[",\r\n]/.test(value) ? quoteAlways(value) : value;
}

/** Quotes every field, as NPPES, LEIE and SAM do. */
export function quoteAlways(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

const FLUSH_AT = 1 << 16;

/** Appends lines with a fixed ending; flushes in 64 KiB chunks and waits for 'drain'. */
export class LineWriter {
  private readonly out: WriteStream;
  private buffer = '';
  private failure: Error | null = null;

  constructor(
    path: string,
    private readonly eol: '\n' | '\r\n',
  ) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
    // Kept and rethrown on the next write, so an I/O error never goes unhandled.
    this.out.on('error', (err) => (this.failure = err));
  }

  /** Writes text exactly as given (used for the byte-exact headers, which carry their ending). */
  async raw(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= FLUSH_AT) await this.flush();
  }

  async line(text: string): Promise<void> {
    await this.raw(text + this.eol);
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    const chunk = this.buffer;
    this.buffer = '';
    if (chunk !== '' && !this.out.write(chunk)) await once(this.out, 'drain');
  }
}
