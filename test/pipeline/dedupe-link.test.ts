import { afterEach, describe, expect, it } from 'vitest';
import { dedupe } from '../../src/pipeline/dedupe.js';
import { explainPair } from '../../src/pipeline/dedupe-explain.js';
import type { Db } from '../../src/store/sqlite.js';
import {
  NPI,
  insertRows,
  openTestWorkspace,
  providerRow,
  type TestWorkspace,
} from '../transform/dedupe/helpers.js';

const open: TestWorkspace[] = [];
function workspace(): TestWorkspace {
  const ws = openTestWorkspace();
  open.push(ws);
  return ws;
}
afterEach(() => {
  for (const ws of open.splice(0)) ws.cleanup();
});

const home = { address1: '12 MAIN ST', city: 'COLUMBUS', state: 'OH', zip: '43004' };
const ana = providerRow({
  lastName: 'Rivera',
  firstName: 'Ana',
  dob: '1980-02-03',
  sex: 'F',
  licenseNumber: 'MD123456',
  licenseState: 'OH',
  ...home,
});

function masterOf(db: Db, rowId: number): string {
  const row = db.prepare('SELECT master_id AS m FROM master_members WHERE row_id = ?').get(rowId);
  return (row as { m: string }).m;
}

function decide(db: Db, fields: Record<string, unknown>): void {
  const cols = Object.keys(fields);
  db.prepare(
    `INSERT INTO steward_decisions (${cols.join(', ')}, actor, at)
     VALUES (${cols.map(() => '?').join(', ')}, 'steward', '2026-02-01T00:00:00Z')`,
  ).run(...Object.values(fields));
}

function lineage(db: Db) {
  return db.prepare('SELECT master_id, event, other_master_id FROM master_lineage').all() as {
    master_id: string;
    event: string;
    other_master_id: string | null;
  }[];
}

describe('dedupe matching engine', () => {
  it('links rows without NPIs that differ by a swapped name and a nickname', async () => {
    const { ctx } = workspace();
    const ids = insertRows(ctx.db, 'b1', [
      ana,
      providerRow({ ...ana, firstName: 'Rivera', lastName: 'Ana' }),
      providerRow({ ...ana, firstName: 'Anna', licenseNumber: null }),
    ]);
    await dedupe(ctx);
    expect(new Set(ids.map((id) => masterOf(ctx.db, id))).size).toBe(1);
  });

  it('never links two different valid individual NPIs automatically, even if all else agrees', async () => {
    const { ctx } = workspace();
    const [a, b] = insertRows(ctx.db, 'b1', [
      providerRow({ ...ana, npi: NPI.a }),
      providerRow({ ...ana, npi: NPI.b }),
    ]);
    const result = await dedupe(ctx);
    expect(masterOf(ctx.db, a)).not.toBe(masterOf(ctx.db, b));
    expect(result.pairs.link).toBe(0);
  });

  it('does not use an invalid NPI as a key, and does not let it keep two rows apart', async () => {
    const { ctx } = workspace();
    const [a, b] = insertRows(ctx.db, 'b1', [
      providerRow({ ...ana, npi: NPI.a }),
      providerRow({ ...ana, npi: '1234567890' }),
    ]);
    const result = await dedupe(ctx);
    expect(result.pairs.byRule.npi ?? 0).toBe(0);
    expect(masterOf(ctx.db, a)).toBe(masterOf(ctx.db, b));
  });

  it('keeps the master id on rerun and when a duplicate row is added', async () => {
    const { ctx } = workspace();
    const [a] = insertRows(ctx.db, 'b1', [providerRow({ ...ana, npi: NPI.a })]);
    await dedupe(ctx);
    const id = masterOf(ctx.db, a);
    expect((await dedupe(ctx)).created).toBe(0);
    const [dup] = insertRows(ctx.db, 'b2', [providerRow({ ...ana, firstName: 'ANA' })]);
    await dedupe(ctx);
    expect([masterOf(ctx.db, a), masterOf(ctx.db, dup)]).toEqual([id, id]);
  });

  it('applies a no-match decision on every later run, and a later match undoes it', async () => {
    const { ctx } = workspace();
    const [a, b] = insertRows(ctx.db, 'b1', [ana, providerRow({ ...ana, firstName: 'Anna' })]);
    await dedupe(ctx);
    expect(masterOf(ctx.db, a)).toBe(masterOf(ctx.db, b));
    decide(ctx.db, { kind: 'no-match', left_row: a, right_row: b });
    await dedupe(ctx);
    await dedupe(ctx);
    expect(masterOf(ctx.db, a)).not.toBe(masterOf(ctx.db, b));
    decide(ctx.db, { kind: 'match', left_row: a, right_row: b });
    await dedupe(ctx);
    expect(masterOf(ctx.db, a)).toBe(masterOf(ctx.db, b));
  });

  it('splits a row off with a new id and records where it came from', async () => {
    const { ctx } = workspace();
    const [a, b, c] = insertRows(ctx.db, 'b1', [ana, ana, providerRow({ ...ana, phone: '1' })]);
    await dedupe(ctx);
    const id = masterOf(ctx.db, a);
    decide(ctx.db, { kind: 'split', master_id: id, row_id: c });
    const result = await dedupe(ctx);
    expect(result).toMatchObject({ split: 1, kept: 1 });
    expect([masterOf(ctx.db, a), masterOf(ctx.db, b)]).toEqual([id, id]);
    expect(masterOf(ctx.db, c)).not.toBe(id);
    expect(lineage(ctx.db)).toContainEqual({
      master_id: masterOf(ctx.db, c),
      event: 'split-from',
      other_master_id: id,
    });
    await dedupe(ctx);
    expect(masterOf(ctx.db, c)).not.toBe(id);
  });

  it('merges two masters on a steward merge, retiring one id into the other', async () => {
    const { ctx } = workspace();
    const [a, b] = insertRows(ctx.db, 'b1', [
      providerRow({ ...ana, npi: NPI.a }),
      providerRow({ lastName: 'Chen', firstName: 'Li', dob: '1975-05-05' }),
    ]);
    await dedupe(ctx);
    const [ma, mb] = [masterOf(ctx.db, a), masterOf(ctx.db, b)];
    decide(ctx.db, { kind: 'merge', master_id: ma, other_master_id: mb });
    expect(await dedupe(ctx)).toMatchObject({ merged: 1 });
    const merged = masterOf(ctx.db, a);
    expect(masterOf(ctx.db, b)).toBe(merged);
    const retired = merged === ma ? mb : ma;
    expect(lineage(ctx.db)).toContainEqual({
      master_id: retired,
      event: 'merged-into',
      other_master_id: merged,
    });
    await dedupe(ctx);
    expect(masterOf(ctx.db, b)).toBe(merged);
  });

  it('stores each scored pair with per-field weights and a reason for each', async () => {
    const { ctx } = workspace();
    const [a, b] = insertRows(ctx.db, 'b1', [ana, providerRow({ ...ana, firstName: 'Anna' })]);
    await dedupe(ctx);
    const pair = explainPair(ctx.db, `${b},${a}`);
    expect(pair.id).toMatch(/^mp-[0-9a-f]{16}$/);
    expect(pair.band).toBe('link');
    const name = pair.comparisons.find((c) => c.field === 'name');
    expect(name).toMatchObject({ level: 'typo' });
    expect(pair.comparisons.every((c) => c.reason.length > 0)).toBe(true);
    const sum = pair.comparisons.reduce((s, c) => s + c.weight, 0);
    expect(sum).toBeCloseTo(pair.weight, 0);
    expect(explainPair(ctx.db, pair.id).leftRow).toBe(a);
  });
});
