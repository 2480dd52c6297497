import { afterEach, describe, expect, it } from 'vitest';
import { importSource } from '../../src/pipeline/import-source.js';
import { snapshotStatus } from '../../src/pipeline/source-status.js';
import type { OpenedContext } from '../../src/pipeline/context.js';
import { tempContext } from '../helpers/workspace.js';
import { dataLine, headerLine, headerNames, writeSource } from '../sources/source-files.js';

let ctx: OpenedContext;
afterEach(() => ctx.close());

function leie(last: string): string {
  const h = headerNames('leie-header.csv');
  const line = dataLine(h, { LASTNAME: last, EXCLDATE: '20200101' });
  return writeSource('UPDATED.csv', [headerLine('leie-header.csv'), line], '\r\n');
}

describe('snapshotStatus', () => {
  it('lists a missing line per source on a workspace that never imported', async () => {
    ctx = tempContext();
    const rows = await snapshotStatus(ctx.ws);
    expect(rows.map((r) => [r.source, r.snapshotId])).toEqual([
      ['leie', null],
      ['nppes', null],
      ['sam', null],
    ]);
  });

  it('marks the latest snapshot current and ages LEIE by publication', async () => {
    ctx = tempContext();
    const old = await importSource(ctx, 'leie', leie('A'), { published: '2026-08-01' });
    const cur = await importSource(ctx, 'leie', leie('B'), { published: '2026-10-01' });
    const rows = await snapshotStatus(ctx.ws, { asOf: '2026-11-20', maxAgeDays: 35 });
    const byId = new Map(rows.map((r) => [r.snapshotId, r]));
    expect(byId.get(cur.snapshotId)).toMatchObject({ current: true, stale: true, ageDays: 50 });
    expect(byId.get(old.snapshotId)).toMatchObject({ current: false, stale: false, rows: 1 });
  });
});
