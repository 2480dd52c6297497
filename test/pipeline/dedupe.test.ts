import { afterEach, describe, expect, it } from 'vitest';
import { dedupe } from '../../src/pipeline/dedupe.js';
import type { Db } from '../../src/store/sqlite.js';
import { masterIdFor } from '../../src/transform/dedupe/keys.js';
import type { ProviderRow } from '../../src/model.js';
import {
  NPI,
  insertCheck,
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

const ana = { lastName: 'Rivera', firstName: 'Ana', dob: '1980-02-03' };
const roster: ProviderRow[] = [
  providerRow({ ...ana, npi: NPI.a, groupNpi: NPI.group, groupName: 'Valley Group', phone: '1' }),
  providerRow({ ...ana, npi: NPI.a, groupNpi: NPI.group, phone: '2', effectiveDate: '2025-01-01' }),
  providerRow({ lastName: 'Chen', firstName: 'Li', dob: '1975-05-05', npi: NPI.b }),
  providerRow({ lastName: 'Ode', firstName: 'Kay', dob: '1990-09-09' }),
  providerRow({ lastName: 'Ode', firstName: 'Kay', dob: '1990-09-09', npi: '1234567890' }),
  providerRow({ entityType: 'organization', npi: NPI.group2, orgName: 'North Clinic' }),
];

function masters(db: Db) {
  return db
    .prepare('SELECT id, kind, match_key, npi, status, record, updated_at FROM masters ORDER BY id')
    .all() as {
    id: string;
    match_key: string;
    status: string;
    record: string;
    updated_at: string;
  }[];
}

function masterOf(db: Db, rowId: number): string {
  return (
    db.prepare('SELECT master_id AS m FROM master_members WHERE row_id = ?').get(rowId) as {
      m: string;
    }
  ).m;
}

function members(db: Db) {
  return db.prepare('SELECT master_id, row_id FROM master_members ORDER BY row_id').all();
}

describe('dedupe stage', () => {
  it('stores one master per key with ids derived from the key, and links every row', async () => {
    const { ctx } = workspace();
    insertRows(ctx.db, 'b1', roster);
    const result = await dedupe(ctx);
    expect(result).toMatchObject({
      masters: 5,
      byKind: { practitioner: 3, organization: 2 },
      rowsLinked: 6,
      created: 5,
      kept: 0,
      updated: 0,
      removed: 0,
    });
    for (const m of masters(ctx.db))
      expect(m.id).toBe(
        masterIdFor(m.id[0] === 'p' ? 'practitioner' : 'organization', m.match_key),
      );
    const keys = masters(ctx.db)
      .map((m) => m.match_key.split(':')[0])
      .sort();
    expect(keys).toEqual(['name-dob', 'npi', 'npi', 'org-npi', 'org-npi']);
    expect(members(ctx.db)).toHaveLength(6);
  });

  it('changes nothing, not even updated_at, when rerun on the same rows', async () => {
    const { ctx } = workspace();
    insertRows(ctx.db, 'b1', roster);
    await dedupe(ctx);
    const before = { masters: masters(ctx.db), members: members(ctx.db) };
    const again = await dedupe(ctx);
    expect(again).toMatchObject({ created: 0, kept: 5, updated: 0, removed: 0 });
    expect({ masters: masters(ctx.db), members: members(ctx.db) }).toEqual(before);
  });

  it('gives the same master ids when the same rows are loaded in another order', async () => {
    const first = workspace().ctx;
    const second = workspace().ctx;
    insertRows(first.db, 'b1', roster);
    insertRows(second.db, 'b1', [...roster].reverse());
    await dedupe(first);
    await dedupe(second);
    const ids = (db: Db) => masters(db).map((m) => `${m.id} ${m.match_key.split(':')[0]}`);
    expect(ids(second.db)).toEqual(ids(first.db));
  });

  it('keeps the stored id of an existing key even when it is not the derived one', async () => {
    const { ctx } = workspace();
    insertRows(ctx.db, 'b1', roster);
    await dedupe(ctx);
    const derived = masterIdFor('practitioner', `npi:${NPI.b}`);
    ctx.db.pragma('foreign_keys = OFF');
    ctx.db.prepare("UPDATE masters SET id = 'p-legacy' WHERE id = ?").run(derived);
    ctx.db
      .prepare("UPDATE master_members SET master_id = 'p-legacy' WHERE master_id = ?")
      .run(derived);
    ctx.db.pragma('foreign_keys = ON');
    await dedupe(ctx);
    const ids = masters(ctx.db).map((m) => m.id);
    expect(ids).toContain('p-legacy');
    expect(ids).not.toContain(derived);
  });

  it('keeps a row in its master when an organisation row later shows its NPI is type 2', async () => {
    const { ctx } = workspace();
    const [chen] = insertRows(ctx.db, 'b1', [roster[2]]);
    await dedupe(ctx);
    const before = masterOf(ctx.db, chen);
    insertRows(ctx.db, 'b2', [
      providerRow({ entityType: 'organization', npi: NPI.b, orgName: 'X' }),
    ]);
    const result = await dedupe(ctx);
    expect(result).toMatchObject({ created: 1, kept: 1, removed: 0 });
    expect(masterOf(ctx.db, chen)).toBe(before);
    const npi = ctx.db.prepare('SELECT npi FROM masters WHERE id = ?').get(before) as {
      npi: string | null;
    };
    expect(npi.npi).toBeNull();
  });

  it('derives status from the checks and updates it when a check changes', async () => {
    const { ctx } = workspace();
    const ids = insertRows(ctx.db, 'b1', roster);
    insertCheck(ctx.db, ids[2], 'nppes', 'discrepancy', 'npi-deactivated');
    insertCheck(ctx.db, ids[1], 'leie', 'excluded', 'npi-match');
    await dedupe(ctx);
    const status = (npi: string) =>
      (ctx.db.prepare('SELECT status FROM masters WHERE npi = ?').get(npi) as { status: string })
        .status;
    expect(status(NPI.a)).toBe('excluded');
    expect(status(NPI.b)).toBe('deactivated');
    expect(status(NPI.group2)).toBe('active');

    ctx.db
      .prepare("UPDATE checks SET outcome = 'verified', reason = 'npi-active' WHERE row_id = ?")
      .run(ids[2]);
    expect(await dedupe(ctx)).toMatchObject({ updated: 1, created: 0 });
    expect(status(NPI.b)).toBe('active');
  });

  it('survives fields across rows into the stored record', async () => {
    const { ctx } = workspace();
    insertRows(ctx.db, 'b1', roster);
    await dedupe(ctx);
    const m = masters(ctx.db).find((x) => x.match_key === `npi:${NPI.a}`);
    const record = JSON.parse(m!.record);
    expect(record).toMatchObject({ phone: '2', groupNpis: [NPI.group], origin: 'roster' });
    expect(record.sourceRows).toHaveLength(2);
  });
});
