import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openReader } from '../../src/pipeline/context.js';
import { dedupe } from '../../src/pipeline/dedupe.js';
import {
  decidePair,
  listDecisions,
  mergeMasters,
  splitMember,
} from '../../src/pipeline/steward.js';
import { readAudit, verifyAuditChain } from '../../src/store/audit.js';
import { insertPairs, openStewardWorld, type StewardWorld } from './steward-helpers.js';

let world: StewardWorld;
afterEach(() => {
  world?.cleanup();
  vi.unstubAllEnvs();
});

function setup(): StewardWorld {
  world = openStewardWorld();
  insertPairs(world);
  vi.stubEnv('CREDKIT_ACTOR', 'steward-ana');
  return world;
}

const off = { apply: false } as const;

describe('steward decisions', () => {
  it('records a pair decision with both rows, the user, the time and the note', async () => {
    const w = setup();
    const r = await decidePair(w.ctx, 'pr-top', 'match', { ...off, note: 'same licence' });
    expect(r.decision).toMatchObject({
      kind: 'match',
      pairId: 'pr-top',
      leftRow: w.rows.ana1,
      rightRow: w.rows.anna,
      actor: 'steward-ana',
      note: 'same licence',
    });
    expect(Date.now() - Date.parse(r.decision.at)).toBeLessThan(60_000);
    expect(r.applied).toBe(false);
    expect(listDecisions(w.ctx.db)).toEqual([r.decision]);
  });

  it('writes an audit entry per decision with ids only, never the note', async () => {
    const w = setup();
    const r = await decidePair(w.ctx, 'pr-mid', 'no-match', { ...off, note: 'Anna is her sister' });
    const [entry] = readAudit(w.ctx.db);
    expect(entry).toMatchObject({
      id: r.auditId,
      action: 'steward.no-match',
      actor: 'steward-ana',
      at: r.decision.at,
      detail: {
        decisionId: r.decision.id,
        pairId: 'pr-mid',
        rows: [w.rows.ana2, w.rows.anna],
        hasNote: true,
      },
    });
    expect(JSON.stringify(readAudit(w.ctx.db))).not.toMatch(/Anna|sister/);
    expect(verifyAuditChain(w.ctx.db).ok).toBe(true);
  });

  it('keeps decisions when the workspace is opened again', async () => {
    const w = setup();
    await decidePair(w.ctx, 'pr-top', 'match', off);
    await mergeMasters(w.ctx, w.masters.ana, w.masters.kay, off);
    const again = openReader(w.ctx.ws);
    try {
      expect(listDecisions(again.db).map((d) => d.kind)).toEqual(['match', 'merge']);
      expect(verifyAuditChain(again.db)).toEqual({ ok: true, entries: 2 });
    } finally {
      again.close();
    }
  });

  it('refuses an unknown pair with E_PAIR_NOT_FOUND (exit 2) and stores nothing', async () => {
    const w = setup();
    await expect(decidePair(w.ctx, 'pr-nope', 'match', off)).rejects.toMatchObject({
      code: 'E_PAIR_NOT_FOUND',
      exit: 2,
    });
    expect(listDecisions(w.ctx.db)).toEqual([]);
    expect(readAudit(w.ctx.db)).toEqual([]);
  });

  it('records a merge of two masters and refuses unknown or identical masters', async () => {
    const w = setup();
    const r = await mergeMasters(w.ctx, w.masters.ana, w.masters.anna, off);
    expect(r.decision).toMatchObject({
      kind: 'merge',
      masterId: w.masters.ana,
      otherMasterId: w.masters.anna,
    });
    await expect(
      mergeMasters(w.ctx, w.masters.ana, 'p-ffffffffffffffff', off),
    ).rejects.toMatchObject({ code: 'E_MASTER_NOT_FOUND', exit: 2 });
    await expect(mergeMasters(w.ctx, w.masters.ana, w.masters.ana, off)).rejects.toMatchObject({
      code: 'E_SAME_MASTER',
      exit: 2,
    });
    expect(listDecisions(w.ctx.db)).toHaveLength(1);
  });

  it('records a split of a member and refuses rows that are not members', async () => {
    const w = setup();
    const r = await splitMember(w.ctx, w.masters.ana, w.rows.ana2, off);
    expect(r.decision).toMatchObject({
      kind: 'split',
      masterId: w.masters.ana,
      rowId: w.rows.ana2,
    });
    await expect(splitMember(w.ctx, w.masters.ana, w.rows.li, off)).rejects.toMatchObject({
      code: 'E_ROW_NOT_MEMBER',
      exit: 2,
    });
    await expect(splitMember(w.ctx, w.masters.li, w.rows.li, off)).rejects.toMatchObject({
      code: 'E_SPLIT_ONLY_MEMBER',
      exit: 2,
    });
    await expect(splitMember(w.ctx, 'p-ffffffffffffffff', 1, off)).rejects.toMatchObject({
      code: 'E_MASTER_NOT_FOUND',
    });
    expect(readAudit(w.ctx.db).map((e) => e.action)).toEqual(['steward.split']);
  });

  it('re-clusters at once when no run holds the workspace, and releases the lock', async () => {
    const w = setup();
    const r = await decidePair(w.ctx, 'pr-link', 'no-match');
    expect(r.applied).toBe(true);
    expect(r.dedupe?.masters).toBeGreaterThan(0);
    expect(existsSync(w.ctx.ws.lockPath)).toBe(false);
    expect(listDecisions(w.ctx.db)).toEqual([r.decision]);
  });

  it('wins over automation on this and every later dedupe run', async () => {
    const w = setup();
    // Same NPI: automation links ana1 and ana2. Different NPI, name and DOB: never ana1 and li.
    await decidePair(w.ctx, 'pr-link', 'no-match', off);
    await decidePair(w.ctx, 'pr-non', 'match');
    const masterOf = (row: number) =>
      w.ctx.db.prepare('SELECT master_id FROM master_members WHERE row_id = ?').pluck().get(row);
    for (let run = 0; run < 2; run++) {
      if (run > 0) await dedupe(w.ctx);
      expect(masterOf(w.rows.ana1)).not.toBe(masterOf(w.rows.ana2));
      expect(masterOf(w.rows.ana1)).toBe(masterOf(w.rows.li));
    }
  });

  it('records but defers when another run holds the workspace lock', async () => {
    const w = setup();
    const holder = { pid: process.pid, host: hostname(), started: 'now', command: 'run' };
    writeFileSync(w.ctx.ws.lockPath, JSON.stringify(holder));
    const r = await decidePair(w.ctx, 'pr-top', 'no-match');
    expect(r.applied).toBe(false);
    expect(r.pendingReason).toMatch(/run in progress \(pid \d+/);
    expect(listDecisions(w.ctx.db)).toHaveLength(1);
  });
});
