import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceClient, type SourceClientOptions } from '../../../src/sources/http/client.js';
import { ResponseCache, normalisedQuery } from '../../../src/sources/http/cache.js';
import { QuotaLedger } from '../../../src/sources/http/quota.js';
import { rateOptions } from '../../../src/sources/http/queue.js';
import type { OpenedContext } from '../../../src/pipeline/context.js';
import { tempContext } from '../../helpers/workspace.js';
import { HTML_502, startFaultServer, type FaultServer } from '../../servers/fault-server.js';

const FAST = { timeoutMs: 300, maxRetries: 5, backoff: { baseMs: 10, capMs: 40 } };
let server: FaultServer;
let ctx: OpenedContext;
let client: SourceClient;

function make(over: Partial<SourceClientOptions> = {}): SourceClient {
  client = new SourceClient({ source: 'test', timing: FAST, ...over });
  return client;
}
const url = (q = 'a=1') => new URL(`${server.base}/api/?${q}`);

beforeEach(async () => {
  server = await startFaultServer(() => ({ status: 200, body: '{"ok":true}' }));
  ctx = tempContext();
});
afterEach(async () => {
  client?.close();
  ctx.close();
  await server.close();
});

describe('SourceClient retries', () => {
  it('retries 5xx, HTML 502, resets and timeouts, then returns the answer', async () => {
    server.faults.push(
      { status: 500, body: '{}' },
      { status: 502, body: HTML_502, type: 'text/html' },
      { reset: true },
      { delayMs: 1000 },
    );
    const res = await make().getJson(url());
    expect(res).toMatchObject({ ok: true, json: { ok: true }, fromCache: false });
    expect(server.requests).toHaveLength(5);
  });

  it('stops at the retry cap and reports the source unavailable', async () => {
    server.chaos = () => ({ status: 503, body: '{}' });
    const res = await make({ timing: { ...FAST, maxRetries: 3 } }).getJson(url());
    expect(res).toMatchObject({ ok: false, reason: 'http-unavailable' });
    expect(server.requests).toHaveLength(4);
  });

  it('retries malformed JSON once, then fails that request only', async () => {
    server.faults.push({ status: 200, body: '{"res' }, { status: 200, body: '[{' });
    const res = await make().getJson(url());
    expect(res).toMatchObject({ ok: false, reason: 'malformed-response' });
    expect(server.requests).toHaveLength(2);
    expect(await client.getJson(url('b=2'))).toMatchObject({ ok: true });
  });

  it('does not retry a request the server calls invalid and names the field', async () => {
    server.faults.push({ status: 200, body: '{"Errors":[{"field":"number","number":"06"}]}' });
    const res = await make().getJson(url());
    expect(res).toMatchObject({ ok: false, reason: 'request-invalid', field: 'number' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('SourceClient and Retry-After', () => {
  for (const form of ['seconds', 'date'] as const) {
    it(`sends nothing inside a Retry-After window given as ${form}`, async () => {
      server.faults.push({ status: 429, retryAfter: form, wait: 1 });
      make({ queue: rateOptions(1, 50) });
      const results = await Promise.all([client.getJson(url()), client.getJson(url('b=2'))]);
      expect(results.every((r) => r.ok)).toBe(true);
      const [first, ...later] = server.requests;
      expect(first.status).toBe(429);
      for (const r of later) expect(r.at).toBeGreaterThanOrEqual(first.notBefore!);
      const next = Math.min(...later.map((r) => r.at));
      expect(next - first.notBefore!).toBeLessThan(150);
    });
  }

  it('stops the source when the server asks for a wait past the cap', async () => {
    server.faults.push({ status: 429, retryAfter: 'seconds', wait: 3600 });
    make({ timing: { ...FAST, maxThrottleWaitMs: 2000 } });
    expect(await client.getJson(url())).toMatchObject({ ok: false, reason: 'throttled' });
    expect(await client.getJson(url('b=2'))).toMatchObject({ ok: false, reason: 'throttled' });
    expect(server.requests).toHaveLength(1);
    expect(client.stopped?.reason).toBe('throttled');
  });

  it('stops the source on 401/403 with a hint about the key', async () => {
    server.faults.push({ status: 403, body: '{"error":{"message":"bad key"}}' });
    const res = await make().getJson(url());
    expect(res).toMatchObject({ ok: false, reason: 'auth-failed' });
    expect(!res.ok && res.detail).toContain('check API key / role');
    expect(await client.getJson(url('b=2'))).toMatchObject({ ok: false, reason: 'auth-failed' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('SourceClient rate and breaker', () => {
  it('never starts more requests per sliding second than the rate', async () => {
    make({ queue: rateOptions(8, 20) });
    await Promise.all(Array.from({ length: 45 }, (_, i) => client.getJson(url(`n=${i}`))));
    const at = server.requests.map((r) => r.at).sort((a, b) => a - b);
    for (let i = 0; i < at.length; i++) {
      expect(at.filter((t) => t >= at[i] && t < at[i] + 980).length).toBeLessThanOrEqual(20);
    }
    expect(at.length).toBe(45);
  });

  it('opens after consecutive failures and closes after a successful probe', async () => {
    server.faults.push({ status: 500, body: '{}' }, { status: 500, body: '{}' });
    make({ breaker: { threshold: 2, coolDownMs: 200 } });
    expect(await client.getJson(url())).toMatchObject({ ok: false, reason: 'circuit-open' });
    expect(client.breaker.state).toBe('open');
    expect(server.requests).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 220));
    expect(await client.getJson(url())).toMatchObject({ ok: true });
    expect(client.breaker.state).toBe('closed');
  });
});

describe('SourceClient cache and quota', () => {
  it('answers a repeated query from the cache, whatever the key parameter', async () => {
    const cache = new ResponseCache(ctx.db, 60_000);
    make({ cache });
    const a = await client.getJson(url('b=2&a=1&api_key=SECRET1'));
    const b = await client.getJson(url('a=1&b=2&api_key=SECRET2'));
    expect(b).toMatchObject({ ok: true, fromCache: true });
    expect(a.ok && b.ok && a.rawSha256 === b.rawSha256).toBe(true);
    expect(server.requests).toHaveLength(1);
    const keys = ctx.db.prepare('SELECT key FROM http_cache').all();
    expect(JSON.stringify(keys)).not.toContain('SECRET');
    expect(normalisedQuery(url('b=2&a=1&api_key=x'))).toBe('/api/?a=1&b=2');
  });

  it('calls again once the cached answer has expired', async () => {
    make({ cache: new ResponseCache(ctx.db, 50) });
    await client.getJson(url());
    await new Promise((r) => setTimeout(r, 80));
    await client.getJson(url());
    expect(server.requests).toHaveLength(2);
  });

  it('refuses calls past the daily budget, counted across clients', async () => {
    make({ quota: new QuotaLedger(ctx.db, 'test', 2) });
    await client.getJson(url('n=1'));
    client.close();
    make({ quota: new QuotaLedger(ctx.db, 'test', 2) });
    await client.getJson(url('n=2'));
    expect(await client.getJson(url('n=3'))).toMatchObject({ reason: 'quota-exhausted' });
    expect(server.requests).toHaveLength(2);
    expect(new QuotaLedger(ctx.db, 'test', 2).remaining()).toBe(0);
    expect(new QuotaLedger(ctx.db, 'test', 2).used(Date.now() + 25 * 3600_000)).toBe(0);
  });

  it('sends the secret header and never logs it', async () => {
    server.faults.push({ status: 500, body: '{}' });
    make({
      secretHeaders: { 'x-api-key': 'KEY-CANARY-123' },
      log: (level, event, fields) => ctx.log.event(level, event, fields),
    });
    await client.getJson(url('last_name=CANARYNAME'));
    expect(server.requests.map((r) => r.apiKey)).toEqual(['KEY-CANARY-123', 'KEY-CANARY-123']);
    const log = readFileSync(ctx.log.path, 'utf8');
    expect(log).toContain('http.reply');
    expect(log).not.toMatch(/KEY-CANARY|CANARYNAME/);
  });
});
