import { afterEach, describe, expect, it } from 'vitest';
import { utimesSync } from 'node:fs';
import { importSource } from '../../src/pipeline/import-source.js';
import { openDuck, queryRows } from '../../src/store/duckdb.js';
import { listSnapshots } from '../../src/store/reference.js';
import { isCredkitError } from '../../src/errors.js';
import type { OpenedContext } from '../../src/pipeline/context.js';
import { tempContext } from '../helpers/workspace.js';
import { dataLine, headerLine, headerNames, writeSource } from '../sources/source-files.js';

const LEIE = 'leie-header.csv';
const SAM = 'sam-exclusions-extract-v2-2022-header.csv';

function leieFile(people: string[]): string {
  const header = headerNames(LEIE);
  const lines = people.map((last, i) =>
    dataLine(header, {
      LASTNAME: last,
      FIRSTNAME: 'A',
      EXCLDATE: '20200101',
      NPI: '0000000000',
      DOB: `1970010${i + 1}`,
    }),
  );
  return writeSource('UPDATED.csv', [headerLine(LEIE), ...lines], '\r\n');
}

async function tableRows(ctx: OpenedContext, sql: string) {
  const duck = await openDuck(ctx.ws);
  try {
    return await queryRows(duck.conn, sql);
  } finally {
    duck.close();
  }
}

let ctx: OpenedContext;
afterEach(() => ctx?.close());

describe('importSource', () => {
  it('imports a LEIE file through the appender and records the snapshot', async () => {
    ctx = tempContext();
    const file = leieFile(['ONE', 'TWO', 'THREE']);
    const r = await importSource(ctx, 'leie', file, { published: '2026-11-10' });
    expect(r).toMatchObject({ source: 'leie', rows: 3, rejected: 0, unchanged: false });
    expect(r.published).toBe('2026-11-10');
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    const rows = await tableRows(
      ctx,
      'SELECT snapshot_id, last_name, line FROM leie ORDER BY line',
    );
    expect(rows.map((x) => x.last_name)).toEqual(['ONE', 'TWO', 'THREE']);
    expect(new Set(rows.map((x) => x.snapshot_id))).toEqual(new Set([r.snapshotId]));
  });

  it('writes nothing for the same file again and reports it unchanged', async () => {
    ctx = tempContext();
    const file = leieFile(['ONE']);
    const first = await importSource(ctx, 'leie', file, {});
    const again = await importSource(ctx, 'leie', file, {});
    expect(again).toMatchObject({ unchanged: true, snapshotId: first.snapshotId, rows: 1 });
    const duck = await openDuck(ctx.ws);
    try {
      expect(await listSnapshots(duck.conn)).toHaveLength(1);
    } finally {
      duck.close();
    }
  });

  it("keeps the rows of an exclusion list's newest two snapshots, and history", async () => {
    ctx = tempContext();
    await importSource(ctx, 'leie', leieFile(['OLDEST']), {});
    await importSource(ctx, 'leie', leieFile(['OLD', 'OLDER']), {});
    const third = await importSource(ctx, 'leie', leieFile(['NEW']), {});
    const rows = await tableRows(ctx, 'SELECT last_name FROM leie ORDER BY last_name');
    // The previous snapshot stays for `verify --rescreen`; checks read the newest only.
    expect(rows.map((r) => r.last_name)).toEqual(['NEW', 'OLD', 'OLDER']);
    const latest = await tableRows(
      ctx,
      `SELECT count(*)::INTEGER AS n FROM leie
      WHERE snapshot_id = '${third.snapshotId}'`,
    );
    expect(latest[0].n).toBe(1);
    const snaps = await tableRows(ctx, 'SELECT count(*)::INTEGER AS n FROM snapshots');
    expect(snaps[0].n).toBe(3);
  });

  it('dates SAM by the Julian file name and counts broken rows', async () => {
    ctx = tempContext();
    const header = headerNames(SAM);
    const good = dataLine(header, {
      Classification: 'Firm',
      Name: 'ACME LLC',
      'Excluding Agency': 'HHS',
    });
    const broken = good.replace('"HHS"', '""Per Federal Register ""x"", y"');
    const file = writeSource(
      'SAM_Exclusions_Public_Extract_V2_26306.csv',
      [headerLine(SAM), good, broken],
      '\r\n',
    );
    const r = await importSource(ctx, 'sam', file, {});
    expect(r).toMatchObject({ published: '2026-11-02', rows: 1, rejected: 1 });
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'W_FIELD_COUNT', line: 3 })]);
  });

  it('leaves no snapshot behind when a header column is missing', async () => {
    ctx = tempContext();
    const file = writeSource('UPDATED.csv', ['LASTNAME,FIRSTNAME', '"A","B"'], '\r\n');
    const err = await importSource(ctx, 'leie', file, {}).catch((e: unknown) => e);
    expect(isCredkitError(err) && err.code).toBe('E_MISSING_COLUMN');
    expect(await tableRows(ctx, 'SELECT * FROM snapshots')).toEqual([]);
    expect(await tableRows(ctx, 'SELECT * FROM leie')).toEqual([]);
  });

  it('rolls back rows already appended when the file turns unreadable mid-way', async () => {
    ctx = tempContext();
    const header = headerNames(LEIE);
    const ok = dataLine(header, { LASTNAME: 'A', EXCLDATE: '20200101' });
    // More than one appender chunk (2048 rows) goes in before the unterminated quote fails.
    const lines = [headerLine(LEIE), ...Array<string>(2100).fill(ok), '"unterminated'];
    const file = writeSource('UPDATED.csv', lines, '\r\n');
    const err = await importSource(ctx, 'leie', file, {}).catch((e: unknown) => e);
    expect(isCredkitError(err) && err.code).toBe('E_CSV_PARSE');
    expect(await tableRows(ctx, 'SELECT * FROM leie')).toEqual([]);
  });

  it('refuses a malformed --published date with exit 2', async () => {
    ctx = tempContext();
    const err = await importSource(ctx, 'leie', leieFile(['A']), { published: '11/10/2026' }).catch(
      (e: unknown) => e,
    );
    expect(isCredkitError(err) && [err.code, err.exit]).toEqual(['E_BAD_DATE', 2]);
  });

  it('dates a LEIE snapshot by the file mtime when no date is given', async () => {
    ctx = tempContext();
    const file = leieFile(['A']);
    utimesSync(file, new Date('2026-08-02T12:00:00Z'), new Date('2026-08-02T12:00:00Z'));
    const r = await importSource(ctx, 'leie', file, {});
    expect(r.published).toBe('2026-08-02');
  });
});
