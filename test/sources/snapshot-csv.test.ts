import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { clean, readSnapshotCsv, rowHash } from '../../src/sources/snapshot-csv.js';
import { isCredkitError } from '../../src/errors.js';
import { collect } from './source-files.js';

function fileWith(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'credkit-csv-')), 'f.csv');
  writeFileSync(path, text);
  return path;
}

const identity = () => (values: string[]) => ({ a: values[0], b: values[1] });

describe('readSnapshotCsv', () => {
  it('reports the start line of each record, also after a quoted CRLF inside a value', async () => {
    const path = fileWith('A,B\r\n"1","x\r\ny"\r\n"2","z"\r\n\r\n"3","w"\r\n');
    const items = await collect(readSnapshotCsv(path, identity));
    expect(items.map((i) => i.line)).toEqual([2, 4, 6]);
  });

  it('reports start lines in an LF file with a multi-line value', async () => {
    const path = fileWith('A,B\n"1","x\ny\nz"\n"2","w"\n');
    const items = await collect(readSnapshotCsv(path, identity));
    expect(items.map((i) => i.line)).toEqual([2, 5]);
  });

  it('hashes the parsed fields so the matched source record can be pinned', async () => {
    const path = fileWith('A,B\n"1","x"\n');
    const [item] = await collect(readSnapshotCsv(path, identity));
    expect(item.kind === 'row' && item.values.raw_sha256).toBe(rowHash(['1', 'x']));
    expect(rowHash(['1', 'x'])).not.toBe(rowHash(['1x', '']));
  });

  it('fails with E_EMPTY_FILE on a file without a header', async () => {
    const err = await collect(readSnapshotCsv(fileWith(''), identity)).catch((e: unknown) => e);
    expect(isCredkitError(err) && err.code).toBe('E_EMPTY_FILE');
  });

  it('fails with E_FILE_UNREADABLE (exit 2) on a missing file', async () => {
    const err = await collect(readSnapshotCsv('/nonexistent/x.csv', identity)).catch(
      (e: unknown) => e,
    );
    expect(isCredkitError(err) && [err.code, err.exit]).toEqual(['E_FILE_UNREADABLE', 2]);
  });
});

describe('clean', () => {
  it('turns blanks, <UNAVAIL> and SSN/ITIN/EIN masks into null and trims the rest', () => {
    for (const v of ['', '  ', '<UNAVAIL>', '$$$$$$$$$', '********', '_________']) {
      expect(clean(v), v).toBeNull();
    }
    expect(clean(' OH ')).toBe('OH');
    expect(clean('A$')).toBe('A$');
  });
});
