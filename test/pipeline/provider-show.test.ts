import { afterEach, describe, expect, it, vi } from 'vitest';
import { providerShow } from '../../src/pipeline/provider-show.js';
import { decidePair, splitMember } from '../../src/pipeline/steward.js';
import { readAudit } from '../../src/store/audit.js';
import {
  ANA_DOB,
  NPI,
  insertMaster,
  insertPairs,
  openStewardWorld,
  type StewardWorld,
} from './steward-helpers.js';

let world: StewardWorld;
afterEach(() => {
  world?.cleanup();
  vi.unstubAllEnvs();
});

function setup(): StewardWorld {
  world = openStewardWorld();
  insertPairs(world);
  const lineage = world.ctx.db.prepare(
    `INSERT INTO master_lineage (master_id, event, other_master_id, at, detail)
     VALUES (?, ?, ?, ?, NULL)`,
  );
  lineage.run(world.masters.ana, 'created', null, '2026-01-03T00:00:00Z');
  lineage.run('p-00000000000000d1', 'merged-into', world.masters.ana, '2026-01-05T00:00:00Z');
  const evidence = JSON.stringify({ snapshotId: 's1', published: '2026-01-01' });
  world.ctx.db.prepare('UPDATE checks SET evidence = ?').run(evidence);
  return world;
}

describe('provider show', () => {
  it('finds the same master by NPI and by master id', () => {
    const w = setup();
    const byNpi = providerShow(w.ctx, NPI.a);
    expect(byNpi.master.id).toBe(w.masters.ana);
    expect(providerShow(w.ctx, w.masters.ana)).toEqual(byNpi);
  });

  it('finds a master through a member row when the master carries no NPI', () => {
    const w = setup();
    w.ctx.db.prepare("UPDATE roster_rows SET npi = '1111111112' WHERE id = ?").run(w.rows.anna);
    expect(providerShow(w.ctx, '1111111112').master.id).toBe(w.masters.anna);
  });

  it('lists the members with batch, file, record and line', () => {
    const w = setup();
    expect(providerShow(w.ctx, w.masters.ana).members).toEqual([
      {
        rowId: w.rows.ana1,
        batchId: 'b1',
        file: 'b1.csv',
        record: 1,
        line: 2,
        loadedAt: expect.any(String),
      },
      {
        rowId: w.rows.ana2,
        batchId: 'b1',
        file: 'b1.csv',
        record: 2,
        line: 3,
        loadedAt: expect.any(String),
      },
    ]);
  });

  it('lists every check of the members with source, outcome, reason, snapshot and dates', () => {
    const w = setup();
    const { checks } = providerShow(w.ctx, w.masters.ana);
    expect(checks.map((c) => [c.rowId, c.source, c.outcome, c.reason])).toEqual([
      [w.rows.ana1, 'leie', 'not-found', 'not-listed'],
      [w.rows.ana1, 'nppes', 'verified', 'npi-active'],
      [w.rows.ana2, 'nppes', 'verified', 'npi-active'],
    ]);
    expect(checks[0]).toMatchObject({
      snapshotId: 's1',
      published: '2026-01-01',
      checkedAt: '2026-01-02T00:00:00Z',
    });
  });

  it('shows its lineage and the decisions that touched it or its rows', async () => {
    const w = setup();
    await decidePair(w.ctx, 'pr-top', 'no-match', { apply: false });
    await splitMember(w.ctx, w.masters.ana, w.rows.ana2, { apply: false });
    await decidePair(w.ctx, 'pr-low', 'match', { apply: false });
    const view = providerShow(w.ctx, w.masters.ana);
    expect(view.history.map((h) => [h.masterId, h.event])).toEqual([
      [w.masters.ana, 'created'],
      ['p-00000000000000d1', 'merged-into'],
    ]);
    expect(view.decisions.map((d) => [d.kind, d.pairId])).toEqual([
      ['no-match', 'pr-top'],
      ['split', null],
    ]);
  });

  it('also lists decisions its lineage names and those on masters merged into it', async () => {
    const w = setup();
    const linked = await decidePair(w.ctx, 'pr-low', 'match', { apply: false });
    const other = await decidePair(w.ctx, 'pr-mid', 'match', { apply: false });
    w.ctx.db
      .prepare(
        `INSERT INTO master_lineage (master_id, event, other_master_id, at, detail)
         VALUES (?, 'split-from', ?, '2026-01-06T00:00:00Z', ?)`,
      )
      .run(w.masters.li, w.masters.kay, JSON.stringify({ decision: linked.decision.id }));
    const ids = providerShow(w.ctx, w.masters.li).decisions.map((d) => d.id);
    expect(ids).toEqual([linked.decision.id]);
    expect(ids).not.toContain(other.decision.id);
  });

  it('masks the date of birth to the year unless asked, and audits the asking', () => {
    const w = setup();
    vi.stubEnv('CREDKIT_ACTOR', 'auditor-1');
    const masked = providerShow(w.ctx, w.masters.ana);
    expect(masked.master.record.dob).toBeUndefined();
    expect(masked.master.record.birthYear).toBe('1980');
    expect(JSON.stringify(masked)).not.toContain(ANA_DOB);
    expect(readAudit(w.ctx.db)).toEqual([]);

    const full = providerShow(w.ctx, w.masters.ana, { showDob: true });
    expect(full.dobShown).toBe(true);
    expect(full.master.record.dob).toBe(ANA_DOB);
    expect(readAudit(w.ctx.db)).toMatchObject([
      { action: 'provider.show-dob', actor: 'auditor-1', detail: { masterId: w.masters.ana } },
    ]);
  });

  it('says where a merged-away master went', () => {
    const w = setup();
    expect(() => providerShow(w.ctx, 'p-00000000000000d1')).toThrow(
      expect.objectContaining({
        code: 'E_MASTER_NOT_FOUND',
        exit: 2,
        suggestion: `it was merged into ${w.masters.ana}`,
      }),
    );
  });

  it('refuses unknown NPIs, NPIs on several masters and references of neither form', () => {
    const w = setup();
    expect(() => providerShow(w.ctx, '1999999999')).toThrow(
      expect.objectContaining({ code: 'E_MASTER_NOT_FOUND', exit: 2 }),
    );
    insertMaster(w.ctx.db, 'p-00000000000000e1', NPI.b, [], '1975-05-05');
    expect(() => providerShow(w.ctx, NPI.b)).toThrow(
      expect.objectContaining({ code: 'E_NPI_AMBIGUOUS', exit: 2 }),
    );
    expect(() => providerShow(w.ctx, 'Rivera')).toThrow(
      expect.objectContaining({ code: 'E_OPTION', exit: 2 }),
    );
  });
});
