import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyLive, type LiveOptions } from '../../src/pipeline/verify-live.js';
import type { OpenedContext } from '../../src/pipeline/context.js';
import type { ProviderRow } from '../../src/model.js';
import { withCheckDigit } from '../../src/transform/npi.js';
import { insertRows, tempContext } from '../helpers/workspace.js';
import { newShape, oldShape, startNppesServer } from '../servers/nppes-server.js';
import { samEntity, startSamServer } from '../servers/sam-server.js';
import type { Fault, FaultServer } from '../servers/fault-server.js';

const npi = (n: number) => withCheckDigit(String(123450000 + n));
const KEY = 'test-key-0000';
const AS_OF = '2026-11-20';

let ctx: OpenedContext;
let nppes: FaultServer;
let sam: FaultServer;

const ROSTER: Record<string, Partial<ProviderRow>> = {
  verified: { npi: npi(1), lastName: 'Rivera', firstName: 'Ana', taxonomy: '207Q00000X' },
  newShape: { npi: npi(3), lastName: 'Rivera', firstName: 'Ana' },
  deactivated: { npi: npi(2), lastName: 'Rivera', firstName: 'Ana' },
  unknown: { npi: npi(99), lastName: 'Ghost', firstName: 'Gil' },
  badDigit: { npi: '1234567890', lastName: 'Typo', firstName: 'Tom' },
  samNpi: { npi: npi(20), lastName: 'Spade', firstName: 'Sam' },
  samName: { lastName: 'Nameonly', firstName: 'Nora' },
};

function options(over: Partial<LiveOptions> = {}): LiveOptions {
  return {
    asOf: AS_OF,
    concurrency: 4,
    ratePerSecond: 200,
    timing: { timeoutMs: 250, maxRetries: 5, backoff: { baseMs: 5, capMs: 20 } },
    env: {
      CREDKIT_NPPES_API_URL: `${nppes.base}/api/`,
      CREDKIT_SAM_API_URL: sam.base,
      SAM_API_KEY: KEY,
    },
    ...over,
  };
}

let ids: Record<string, number>;
function seed(rows: Record<string, Partial<ProviderRow>>): void {
  const rowIds = insertRows(ctx, 'b1', Object.values(rows));
  ids = Object.fromEntries(Object.keys(rows).map((l, i) => [l, rowIds[i]]));
}

function check(label: string, source: string) {
  const row = ctx.db
    .prepare('SELECT outcome, reason, evidence FROM checks WHERE row_id = ? AND source = ?')
    .get(ids[label], source) as { outcome: string; reason: string; evidence: string };
  return { ...row, evidence: JSON.parse(row.evidence) };
}

beforeEach(async () => {
  ctx = tempContext();
  nppes = await startNppesServer({
    records: [
      oldShape({ npi: npi(1) }),
      oldShape({ npi: npi(2), deactivated: '2015-01-14' }),
      newShape({ npi: npi(3) }),
      ...Array.from({ length: 300 }, (_, i) => newShape({ npi: npi(1000 + i) })),
    ],
  });
  sam = await startSamServer([
    samEntity({ npi: npi(20), firstName: 'Sam', lastName: 'Spade' }),
    samEntity({ firstName: 'Nora', lastName: 'Nameonly' }),
    ...Array.from({ length: 30 }, (_, i) => samEntity({ npi: npi(1000 + i * 10) })),
  ]);
});
afterEach(async () => {
  ctx.close();
  await nppes.close();
  await sam.close();
});

describe('verifyLive', () => {
  it('decides each row like the bulk check and keeps request evidence', async () => {
    seed(ROSTER);
    const r = await verifyLive(ctx, options());
    const oc = (l: string, s: string) => [check(l, s).outcome, check(l, s).reason];
    expect(oc('verified', 'nppes')).toEqual(['verified', 'npi-active']);
    expect(oc('newShape', 'nppes')).toEqual(['verified', 'npi-active']);
    expect(oc('deactivated', 'nppes')).toEqual(['discrepancy', 'npi-deactivated']);
    expect(oc('unknown', 'nppes')).toEqual(['not-found', 'npi-not-found']);
    expect(oc('badDigit', 'nppes')).toEqual(['insufficient-data', 'no-npi']);
    expect(oc('samNpi', 'sam')).toEqual(['excluded', 'npi-match']);
    expect(oc('samName', 'sam')).toEqual(['possible-match', 'name-only']);
    expect(oc('verified', 'sam')).toEqual(['not-found', 'not-listed']);
    const ev = check('verified', 'nppes').evidence;
    expect(ev).toMatchObject({ source: 'nppes', mode: 'live', query: { npi: npi(1) } });
    expect(ev.requests[0].query).toBe(`/api/?number=${npi(1)}&version=2.1`);
    expect(ev.rawSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(ev.requestedAt)).not.toBeNaN();
    expect(JSON.stringify(ctx.db.prepare('SELECT evidence FROM checks').all())).not.toContain(KEY);
    expect(nppes.requests.some((q) => q.params.number === '1234567890')).toBe(false);
    expect(r).toMatchObject({ mode: 'live', rowsChecked: 7, cacheHits: 0 });
    expect(r.calls).toBe(nppes.requests.length + sam.requests.length);
  });

  it('makes no call when the run is repeated within the cache TTL', async () => {
    seed(ROSTER);
    const first = await verifyLive(ctx, options());
    const before = nppes.requests.length + sam.requests.length;
    const again = await verifyLive(ctx, options());
    expect(nppes.requests.length + sam.requests.length).toBe(before);
    expect(again).toMatchObject({ calls: 0, checks: first.checks });
    expect(again.cacheHits).toBe(before);
  });

  it('marks SAM unavailable without a key and still checks NPPES', async () => {
    seed(ROSTER);
    const r = await verifyLive(
      ctx,
      options({ env: { CREDKIT_NPPES_API_URL: `${nppes.base}/api/` } }),
    );
    expect(check('samNpi', 'sam').outcome).toBe('source-unavailable');
    expect(check('samNpi', 'sam').reason).toBe('no-api-key');
    expect(r.unavailable).toEqual({ sam: 'no-api-key' });
    expect(check('verified', 'nppes').outcome).toBe('verified');
  });

  it('refuses before any call when SAM calls would pass the daily budget', async () => {
    seed(ROSTER);
    const run = verifyLive(ctx, options({ samBudget: 3 }));
    await expect(run).rejects.toMatchObject({ code: 'E_SAM_QUOTA', exit: 3 });
    expect(nppes.requests.length + sam.requests.length).toBe(0);
  });

  it('stops SAM on a 403 and keeps NPPES going', async () => {
    seed(ROSTER);
    const r = await verifyLive(ctx, options({ env: { ...options().env, SAM_API_KEY: 'wrong' } }));
    expect(r.unavailable).toEqual({ sam: 'auth-failed' });
    // Only requests already in flight when the 403 came back (concurrency 4) were sent.
    expect(sam.requests.length).toBeLessThanOrEqual(4);
    expect(check('samNpi', 'sam')).toMatchObject({ outcome: 'source-unavailable' });
    expect(r.bySource.nppes.verified).toBe(2);
  });

  it('refuses LEIE, which has no live API', async () => {
    await expect(verifyLive(ctx, options({ sources: ['leie'] }))).rejects.toMatchObject({
      code: 'E_NO_LIVE_API',
    });
  });
});

describe('verifyLive under faults', () => {
  it('ends every row definitive or unavailable, never clear because of an error', async () => {
    const rows: Record<string, Partial<ProviderRow>> = {};
    for (let i = 0; i < 150; i++) {
      // Every third NPI is unknown to NPPES; every tenth is on the SAM list.
      const n = i % 3 === 2 ? 5000 + i : 1000 + i;
      rows[`r${i}`] = { npi: npi(n), lastName: 'Rivera', firstName: 'Ana', taxonomy: '207Q00000X' };
    }
    seed(rows);
    const chaos = (n: number): Fault | undefined => {
      const x = (n * 7919) % 100;
      if (x < 10) return { status: 500 + (n % 4), body: '{"message":"boom"}' };
      if (x < 15) return { delayMs: 400 };
      if (x < 17) return { reset: true };
      if (x < 18) return { status: 429, retryAfter: 'seconds', wait: 1 };
      return undefined;
    };
    nppes.chaos = chaos;
    sam.chaos = chaos;
    const r = await verifyLive(ctx, options({ concurrency: 8, samBudget: 1000 }));
    expect(r.calls).toBeGreaterThanOrEqual(300);
    for (let i = 0; i < 150; i++) {
      const n = i % 3 === 2 ? 5000 + i : 1000 + i;
      const expectN = n >= 5000 ? 'not-found' : 'verified';
      const expectS = n < 1300 && (n - 1000) % 10 === 0 ? 'excluded' : 'not-found';
      expect(['source-unavailable', expectN]).toContain(check(`r${i}`, 'nppes').outcome);
      expect(['source-unavailable', expectS]).toContain(check(`r${i}`, 'sam').outcome);
    }
    const injected = [...nppes.requests, ...sam.requests].filter((q) => q.status !== 200).length;
    expect(injected).toBeGreaterThan(20);
    expect(r.checks.excluded).toBeGreaterThan(0);
  }, 20_000);

  it('resumes a killed run without repeating the calls that finished', async () => {
    const rows: Record<string, Partial<ProviderRow>> = {};
    for (let i = 0; i < 40; i++) rows[`r${i}`] = { npi: npi(1000 + i), lastName: 'Rivera' };
    seed(rows);
    nppes.chaos = () => ({ delayMs: 25 });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/pipeline/verify-live-child.ts', ctx.ws.root, `${nppes.base}/api/`],
      { stdio: 'ignore' },
    );
    const exited = new Promise((r) => child.on('exit', r));
    nppes.onRequest = (count) => {
      if (count === 15) child.kill('SIGKILL');
    };
    await exited;
    nppes.onRequest = undefined;
    nppes.chaos = undefined;
    const killedAt = nppes.requests.length;
    expect(killedAt).toBeLessThan(40);
    const r = await verifyLive(ctx, options({ sources: ['nppes'] }));
    expect(r.cacheHits).toBeGreaterThanOrEqual(killedAt - 2);
    expect(nppes.requests.length).toBeGreaterThanOrEqual(40);
    expect(nppes.requests.length).toBeLessThanOrEqual(40 + 2);
    expect(r.bySource.nppes.verified).toBe(40);
  }, 20_000);
});
