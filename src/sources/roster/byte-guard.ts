import { Transform, type TransformCallback } from 'node:stream';
import { basename } from 'node:path';
import { CredkitError, ExitCode } from '../../errors.js';
import type { RosterEncoding } from './options.js';

/** Bytes windows-1252 leaves undefined; decoders turn them into U+FFFD. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** Where a byte sits: 0-based file offset, 1-based physical line and byte column. */
interface Place {
  offset: number;
  line: number;
  col: number;
}

/**
 * Checks raw roster bytes before any decoding, so that no replacement character (U+FFFD) can
 * reach a name used for matching (reliability.md B2). It strips a UTF-8 BOM, refuses NUL bytes
 * (`E_BINARY`), UTF-16 and, in utf-8 mode, any malformed UTF-8 sequence (`E_ENCODING`),
 * naming the line, column and byte. It counts lines itself because it runs before the parser.
 */
export class ByteGuard extends Transform {
  private readonly file: string;
  private head: Buffer | null = Buffer.alloc(0);
  private readonly at: Place = { offset: 0, line: 1, col: 1 };
  private prevCR = false;
  /** Continuation bytes still expected, the range allowed for the next one, and the lead. */
  private need = 0;
  private lo = 0x80;
  private hi = 0xbf;
  private lead: Place & { byte: number } = { offset: 0, line: 1, col: 1, byte: 0 };

  constructor(
    path: string,
    private readonly encoding: RosterEncoding,
  ) {
    super();
    this.file = basename(path);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let buf = chunk;
    if (this.head) {
      // The BOM check needs the first three bytes, which may arrive split.
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < 3) return done();
      buf = this.head;
      this.head = null;
      return this.pass(buf, true, done);
    }
    this.pass(buf, false, done);
  }

  override _flush(done: TransformCallback): void {
    const buf = this.head;
    this.head = null;
    if (buf && buf.length > 0) return this.pass(buf, true, done, true);
    done(this.cutOff());
  }

  private pass(buf: Buffer, first: boolean, done: TransformCallback, last = false): void {
    const start = first ? this.startOfFile(buf) : buf;
    if (start instanceof CredkitError) return done(start);
    const err = this.scan(start) ?? (last ? this.cutOff() : undefined);
    if (err) return done(err);
    done(null, start);
  }

  private cutOff(): CredkitError | undefined {
    return this.need > 0 ? this.encodingError(this.lead, 'is cut off at end of file') : undefined;
  }

  private startOfFile(buf: Buffer): Buffer | CredkitError {
    if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
      this.at.offset = 3;
      return buf.subarray(3);
    }
    if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
      return this.fileError('E_ENCODING', 'file is UTF-16; save it as UTF-8 and load again');
    }
    return buf;
  }

  /** Walks every byte once; returns the first fault as an error, or undefined. */
  private scan(buf: Buffer): CredkitError | undefined {
    const utf8 = this.encoding === 'utf-8';
    const cp1252 = this.encoding === 'windows-1252';
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i];
      if (b === 0) return this.nulError();
      if (utf8 && (b >= 0x80 || this.need > 0) && !this.utf8Byte(b)) {
        return this.encodingError(this.lead, 'is not valid UTF-8');
      }
      if (cp1252 && b >= 0x80 && CP1252_UNDEFINED.has(b)) {
        return this.encodingError({ ...this.at, byte: b }, 'is not defined in windows-1252');
      }
      this.advance(b);
    }
    return undefined;
  }

  /** One step of a UTF-8 decoder (RFC 3629 table 3-7); false when the sequence is malformed. */
  private utf8Byte(b: number): boolean {
    if (this.need > 0) {
      if (b < this.lo || b > this.hi) return false;
      this.need--;
      this.lo = 0x80;
      this.hi = 0xbf;
      return true;
    }
    // Only non-ASCII lead bytes get here; ASCII is checked inline by scan().
    this.lead = { ...this.at, byte: b };
    if (b >= 0xc2 && b <= 0xdf) this.need = 1;
    else if (b >= 0xe0 && b <= 0xef) this.need = 2;
    else if (b >= 0xf0 && b <= 0xf4) this.need = 3;
    else return false;
    // Second-byte limits exclude overlong forms, surrogates and code points above U+10FFFF.
    if (b === 0xe0) this.lo = 0xa0;
    if (b === 0xed) this.hi = 0x9f;
    if (b === 0xf0) this.lo = 0x90;
    if (b === 0xf4) this.hi = 0x8f;
    return true;
  }

  private advance(b: number): void {
    this.at.offset++;
    if (b === 0x0a && this.prevCR) {
      this.at.col = 1;
    } else if (b === 0x0a || b === 0x0d) {
      this.at.line++;
      this.at.col = 1;
    } else {
      this.at.col++;
    }
    this.prevCR = b === 0x0d;
  }

  private nulError(): CredkitError {
    const { offset, line } = this.at;
    return this.fileError('E_BINARY', `NUL byte at offset ${offset}: not a text roster`, line);
  }

  private encodingError(place: Place & { byte: number }, what: string): CredkitError {
    const hex = `0x${place.byte.toString(16).toUpperCase().padStart(2, '0')}`;
    const message = `byte ${hex} at offset ${place.offset} ${what}`;
    return new CredkitError('E_ENCODING', message, {
      file: this.file,
      line: place.line,
      column: place.col,
      exit: ExitCode.usage,
      suggestion:
        this.encoding === 'utf-8'
          ? 'If the file came from Excel on Windows, try --encoding windows-1252.'
          : undefined,
    });
  }

  private fileError(code: string, message: string, line?: number): CredkitError {
    return new CredkitError(code, message, { file: this.file, line, exit: ExitCode.usage });
  }
}
