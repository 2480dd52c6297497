import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ByteGuard } from '../../../src/sources/roster/byte-guard.js';
import type { RosterEncoding } from '../../../src/sources/roster/options.js';

/** Pushes bytes through the guard one byte per chunk, the worst case for split sequences. */
async function guard(bytes: number[], encoding: RosterEncoding = 'utf-8'): Promise<Buffer> {
  const parts: Buffer[] = [];
  const chunks = bytes.map((b) => Buffer.from([b]));
  for await (const c of Readable.from(chunks).pipe(new ByteGuard('/x/r.csv', encoding))) {
    parts.push(c as Buffer);
  }
  return Buffer.concat(parts);
}

async function guardError(bytes: number[], encoding?: RosterEncoding) {
  return guard(bytes, encoding).then(
    () => {
      throw new Error('expected an error');
    },
    (err: { code: string; message: string; location: object }) => err,
  );
}

const utf8 = (s: string) => [...Buffer.from(s)];

describe('ByteGuard', () => {
  it('passes valid UTF-8 through even when every byte arrives in its own chunk', async () => {
    const bytes = [0xef, 0xbb, 0xbf, ...utf8('é,€,𝄞\r\n')];
    expect((await guard(bytes)).toString()).toBe('é,€,𝄞\r\n');
  });

  it('reports the lead byte of a sequence that a plain ASCII byte cuts short', async () => {
    const err = await guardError([...utf8('a\r\nJos'), 0xe9, ...utf8(',x')]);
    expect(err.code).toBe('E_ENCODING');
    expect(err.message).toBe('byte 0xE9 at offset 6 is not valid UTF-8');
    expect(err.location).toMatchObject({ line: 2, column: 4 });
  });

  it('rejects overlong forms and UTF-16 surrogates', async () => {
    expect((await guardError([0xc0, 0xaf])).code).toBe('E_ENCODING');
    expect((await guardError([0xed, 0xa0, 0x80])).code).toBe('E_ENCODING');
  });

  it('rejects a sequence cut off at the end of the file', async () => {
    const err = await guardError([...utf8('ab'), 0xe2, 0x82]);
    expect(err.message).toBe('byte 0xE2 at offset 2 is cut off at end of file');
  });

  it('refuses UTF-16 files by their byte-order mark', async () => {
    const err = await guardError([0xff, 0xfe, 0x4e, 0x00]);
    expect(err.code).toBe('E_ENCODING');
    expect(err.message).toContain('UTF-16');
  });

  it('rejects bytes windows-1252 leaves undefined instead of decoding them to U+FFFD', async () => {
    const err = await guardError([...utf8('a,b\n'), 0x81], 'windows-1252');
    expect(err.message).toBe('byte 0x81 at offset 4 is not defined in windows-1252');
  });
});
