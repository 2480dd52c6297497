import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  GENESIS_HASH,
  appendAudit,
  auditActor,
  readAudit,
  verifyAuditChain,
} from '../../src/store/audit.js';
import { openStewardWorld, type StewardWorld } from '../pipeline/steward-helpers.js';

let world: StewardWorld | undefined;
afterEach(() => {
  world?.cleanup();
  world = undefined;
  vi.unstubAllEnvs();
});

function db() {
  world = openStewardWorld();
  return world.ctx.db;
}

function fill(d: ReturnType<typeof db>): void {
  appendAudit(d, { action: 'steward.match', detail: { pairId: 'pr-1', rows: [1, 2] } });
  appendAudit(d, { action: 'steward.split', detail: { masterId: 'p-1', rowId: 3 } });
  appendAudit(d, { action: 'provider.show-dob', detail: { masterId: 'p-1' } });
}

describe('audit log', () => {
  it('chains each entry to the previous one with sha256(prev + canonical JSON)', () => {
    const d = db();
    vi.stubEnv('CREDKIT_ACTOR', 'steward-1');
    const first = appendAudit(d, {
      action: 'steward.match',
      detail: { rows: [1, 2], pairId: 'pr-1' },
      at: '2026-03-01T10:00:00.000Z',
    });
    const second = appendAudit(d, { action: 'steward.no-match', detail: { pairId: 'pr-2' } });
    const canonical =
      '{"action":"steward.match","actor":"steward-1","at":"2026-03-01T10:00:00.000Z",' +
      '"detail":{"pairId":"pr-1","rows":[1,2]}}';
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonical)
      .digest('hex');
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(first.hash).toBe(expected);
    expect(second.prevHash).toBe(first.hash);
    expect(readAudit(d).map((e) => e.actor)).toEqual(['steward-1', 'steward-1']);
  });

  it('verifies an untouched chain', () => {
    const d = db();
    fill(d);
    expect(verifyAuditChain(d)).toEqual({ ok: true, entries: 3 });
  });

  it('detects an altered detail at the altered entry', () => {
    const d = db();
    fill(d);
    d.prepare(`UPDATE audit_log SET detail = '{"masterId":"p-2","rowId":3}' WHERE id = 2`).run();
    expect(verifyAuditChain(d)).toEqual({
      ok: false,
      entries: 2,
      broken: { id: 2, reason: 'hash-mismatch' },
    });
  });

  it('detects a changed actor or time even when the hash is left alone', () => {
    const d = db();
    fill(d);
    d.prepare(`UPDATE audit_log SET actor = 'someone-else' WHERE id = 3`).run();
    expect(verifyAuditChain(d).broken).toEqual({ id: 3, reason: 'hash-mismatch' });
  });

  it('detects an entry deleted from the middle of the chain', () => {
    const d = db();
    fill(d);
    d.prepare('DELETE FROM audit_log WHERE id = 2').run();
    expect(verifyAuditChain(d).broken).toEqual({ id: 3, reason: 'prev-hash-mismatch' });
  });

  it('names the acting user from CREDKIT_ACTOR, else the OS user', () => {
    vi.stubEnv('CREDKIT_ACTOR', 'nightly-bot');
    expect(auditActor()).toBe('nightly-bot');
    vi.stubEnv('CREDKIT_ACTOR', '');
    expect(auditActor()).toBe(userInfo().username);
  });

  it('refuses a detail that could hold a name or a DOB and writes nothing', () => {
    const d = db();
    expect(() => appendAudit(d, { action: 'x', detail: { row: { dob: '1980-01-01' } } })).toThrow(
      expect.objectContaining({ code: 'E_AUDIT_PII' }),
    );
    expect(() => appendAudit(d, { action: 'x', detail: { lastName: 'X' } })).toThrow(/lastName/);
    expect(readAudit(d)).toEqual([]);
  });
});
