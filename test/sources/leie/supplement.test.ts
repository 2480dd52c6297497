import { afterEach, describe, expect, it } from 'vitest';
import { importSource } from '../../../src/pipeline/import-source.js';
import { importLeieSupplement } from '../../../src/pipeline/import-leie-supplement.js';
import { supplementOf } from '../../../src/sources/leie/supplement.js';
import { openDuck, queryRows } from '../../../src/store/duckdb.js';
import type { OpenedContext } from '../../../src/pipeline/context.js';
import { tempContext } from '../../helpers/workspace.js';
import { dataLine, headerLine, headerNames, writeSource } from '../source-files.js';

const LEIE = 'leie-header.csv';
let ctx: OpenedContext;
afterEach(() => ctx?.close());

type Person = [last: string, excl: string, rein?: string];

function leieFile(name: string, people: Person[]): string {
  const header = headerNames(LEIE);
  const lines = people.map(([last, excl, rein]) =>
    dataLine(header, {
      LASTNAME: last,
      FIRSTNAME: 'A',
      NPI: '0000000000',
      DOB: '19700101',
      EXCLDATE: excl,
      REINDATE: rein ?? '00000000',
    }),
  );
  return writeSource(name, [headerLine(LEIE), ...lines], '\r\n');
}

async function names(): Promise<string[]> {
  const duck = await openDuck(ctx.ws);
  try {
    const rows = await queryRows<{ n: string }>(
      duck.conn,
      `SELECT last_name AS n FROM leie WHERE snapshot_id =
        (SELECT id FROM snapshots WHERE source = 'leie' ORDER BY loaded_at DESC, id DESC LIMIT 1)
       ORDER BY n`,
    );
    return rows.map((r) => r.n);
  } finally {
    duck.close();
  }
}

async function full() {
  const file = leieFile('UPDATED.csv', [
    ['ONE', '20200101'],
    ['TWO', '20210101'],
  ]);
  return importSource(ctx, 'leie', file, { published: '2026-10-10' });
}

describe('supplementOf', () => {
  it('reads the month and kind in either case', () => {
    expect(supplementOf('2605excl.csv')).toEqual({
      kind: 'excl',
      start: '2026-05-01',
      end: '2026-05-31',
    });
    expect(supplementOf('/x/1705REIN.csv')).toEqual({
      kind: 'rein',
      start: '2017-05-01',
      end: '2017-05-31',
    });
    expect(supplementOf('UPDATED.csv')).toBeNull();
    expect(supplementOf('2613excl.csv')).toBeNull();
  });
});

describe('importLeieSupplement', () => {
  it('adds new exclusions once and removes reinstated ones, each as a new snapshot', async () => {
    ctx = tempContext();
    await full();
    const excl = leieFile('2610excl.csv', [
      ['TWO', '20210101'],
      ['THREE', '20261015'],
      ['THREE', '20261015'],
    ]);
    const a = await importLeieSupplement(ctx, excl);
    expect(a).toMatchObject({
      status: 'applied',
      rows: 3,
      changes: { added: 2, alreadyListed: 1 },
    });
    expect(await names()).toEqual(['ONE', 'THREE', 'TWO']);
    const rein = leieFile('2610REIN.csv', [
      ['ONE', '20200101', '20261020'],
      ['NOBODY', '20200101', '20261020'],
    ]);
    const b = await importLeieSupplement(ctx, rein);
    expect(b).toMatchObject({
      status: 'applied',
      baseSnapshotId: a.snapshotId,
      changes: { removed: 1, notListed: 1 },
    });
    expect(await names()).toEqual(['THREE', 'TWO']);
  });

  it('skips a supplement for a month before the full file was published', async () => {
    ctx = tempContext();
    const base = await full();
    const r = await importLeieSupplement(ctx, leieFile('2609excl.csv', [['LATE', '20260901']]));
    expect(r).toMatchObject({ status: 'skipped', watermark: '2026-10-10', snapshotId: null });
    expect(r.baseSnapshotId).toBe(base.snapshotId);
    expect(await names()).toEqual(['ONE', 'TWO']);
  });

  it('skips a supplement older than one already applied', async () => {
    ctx = tempContext();
    await full();
    await importLeieSupplement(ctx, leieFile('2611excl.csv', [['NOV', '20261101']]));
    const r = await importLeieSupplement(ctx, leieFile('2610excl.csv', [['OCT', '20261001']]));
    expect(r).toMatchObject({ status: 'skipped', watermark: '2026-11-30' });
  });

  it('refuses a file not named like a supplement', async () => {
    ctx = tempContext();
    await full();
    const err = await importLeieSupplement(ctx, leieFile('UPDATED.csv', [])).catch((e) => e);
    expect(err).toMatchObject({ code: 'E_UPDATE_PERIOD', exit: 2 });
  });
});
