import { afterEach, describe, expect, it } from 'vitest';
import { importSource } from '../../../src/pipeline/import-source.js';
import { importNppesWeekly } from '../../../src/pipeline/import-nppes-weekly.js';
import { weeklyPeriod } from '../../../src/sources/nppes/weekly.js';
import { openDuck, queryRows } from '../../../src/store/duckdb.js';
import type { OpenedContext } from '../../../src/pipeline/context.js';
import { tempContext } from '../../helpers/workspace.js';
import { nppesCsv, nppesZip } from './nppes-files.js';

let ctx: OpenedContext;
afterEach(() => ctx?.close());

async function rows(sql: string) {
  const duck = await openDuck(ctx.ws);
  try {
    return await queryRows(duck.conn, sql);
  } finally {
    duck.close();
  }
}

async function monthly() {
  const file = nppesCsv('npidata_pfile_20050523-20261109.csv', [
    { npi: '1000000004', last: 'OLDNAME', updated: '10/01/2026' },
    { npi: '1000000012', last: 'NEWER', updated: '11/20/2026' },
    { npi: '1000000020', last: 'STAYS', updated: '01/02/2020' },
  ]);
  return importSource(ctx, 'nppes', file);
}

const WEEK = [
  { npi: '1000000004', last: 'NEWNAME', updated: '11/12/2026' },
  { npi: '1000000012', last: 'STALE', updated: '11/11/2026' },
  { npi: '1000000038', last: 'ADDED', updated: '11/13/2026' },
  { npi: '1000000020', last: 'STAYS', updated: '01/02/2020', deactivated: '11/14/2026' },
];

describe('weeklyPeriod', () => {
  it('reads the week from the package name or its member name', () => {
    const week = { start: '2026-11-10', end: '2026-11-16' };
    expect(weeklyPeriod('NPPES_Data_Dissemination_111026_111626_Weekly_V2.zip')).toEqual(week);
    expect(weeklyPeriod('x.zip', 'npidata_pfile_20261110-20261116.csv')).toEqual(week);
  });

  it('refuses a monthly file name, which spans years', () => {
    expect(weeklyPeriod('npidata_pfile_20050523-20261109.csv')).toBeNull();
  });
});

describe('importNppesWeekly', () => {
  it('updates newer rows, keeps newer stored rows, adds NPIs, as a new snapshot', async () => {
    ctx = tempContext();
    const base = await monthly();
    const zip = nppesZip(
      'NPPES_Data_Dissemination_111026_111626_Weekly_V2.zip',
      '20261110-20261116',
      WEEK,
    );
    const r = await importNppesWeekly(ctx, zip);
    expect(r).toMatchObject({ status: 'applied', baseSnapshotId: base.snapshotId, rows: 4 });
    expect(r.changes).toEqual({
      inserted: 1,
      updated: 2,
      olderIgnored: 1,
      deactivated: 1,
      noNpi: 0,
    });
    expect(r.period).toEqual({ start: '2026-11-10', end: '2026-11-16' });
    const got = await rows(
      `SELECT npi, last_name, strftime(deactivation_date, '%Y-%m-%d') AS d, snapshot_id
       FROM nppes ORDER BY npi`,
    );
    expect(got.map((x) => [x.npi, x.last_name, x.d])).toEqual([
      ['1000000004', 'NEWNAME', null],
      ['1000000012', 'NEWER', null],
      ['1000000020', 'STAYS', '2026-11-14'],
      ['1000000038', 'ADDED', null],
    ]);
    expect(new Set(got.map((x) => x.snapshot_id))).toEqual(new Set([r.snapshotId]));
    const [snap] = await rows(
      `SELECT strftime(published, '%Y-%m-%d') AS p FROM snapshots WHERE id = '${r.snapshotId}'`,
    );
    expect(snap.p).toBe('2026-11-16');
  });

  it('skips a weekly older than one already applied and writes nothing', async () => {
    ctx = tempContext();
    await monthly();
    const newer = nppesCsv('npidata_pfile_20261117-20261123.csv', [WEEK[0]]);
    const applied = await importNppesWeekly(ctx, newer);
    const older = nppesCsv('npidata_pfile_20261110-20261116.csv', [WEEK[2]]);
    const r = await importNppesWeekly(ctx, older);
    expect(r).toMatchObject({ status: 'skipped', snapshotId: null, watermark: '2026-11-23' });
    expect(r.message).toContain('2026-11-16');
    const got = await rows(`SELECT DISTINCT snapshot_id AS s FROM nppes`);
    expect(got).toEqual([{ s: applied.snapshotId }]);
  });

  it('skips a weekly that ends before the monthly was published', async () => {
    ctx = tempContext();
    await monthly();
    const r = await importNppesWeekly(ctx, nppesCsv('npidata_pfile_20261027-20261102.csv', WEEK));
    expect(r).toMatchObject({ status: 'skipped', watermark: '2026-11-09' });
  });

  it('reports the same weekly again as unchanged', async () => {
    ctx = tempContext();
    await monthly();
    const file = nppesCsv('npidata_pfile_20261110-20261116.csv', WEEK);
    const first = await importNppesWeekly(ctx, file);
    const again = await importNppesWeekly(ctx, file);
    expect(again).toMatchObject({ status: 'unchanged', snapshotId: first.snapshotId });
  });

  it('needs an NPPES snapshot to apply to', async () => {
    ctx = tempContext();
    const file = nppesCsv('npidata_pfile_20261110-20261116.csv', WEEK);
    await expect(importNppesWeekly(ctx, file)).rejects.toMatchObject({
      code: 'E_NO_SNAPSHOT',
      exit: 2,
    });
  });

  it('refuses a file whose name carries no week', async () => {
    ctx = tempContext();
    await monthly();
    const file = nppesCsv('npidata_pfile_20050523-20261116.csv', WEEK);
    await expect(importNppesWeekly(ctx, file)).rejects.toMatchObject({ code: 'E_UPDATE_PERIOD' });
  });
});
