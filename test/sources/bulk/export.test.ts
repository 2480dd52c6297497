import { afterEach, describe, expect, it } from 'vitest';
import { BulkHttp } from '../../../src/sources/bulk/client.js';
import { awaitManifest, kickOff, kickOffUrl } from '../../../src/sources/bulk/export.js';
import {
  outcome,
  startBulkServer,
  type BulkServer,
  type Recorded,
} from '../../servers/bulk-server.js';
import { rejection } from '../roster/read-helpers.js';

const FAST = { baseMs: 10, capMs: 40, maxTransient: 3, requestTimeoutMs: 5000 };
const FILES = { Practitioner: '{"resourceType":"Practitioner","id":"p1"}\n' };

let server: BulkServer;
afterEach(() => server?.close());

async function run(http = new BulkHttp(undefined, FAST), progress: string[] = []) {
  const statusUrl = await kickOff(http, kickOffUrl({ base: server.base, types: ['Practitioner'] }));
  return awaitManifest(http, statusUrl, (p) => progress.push(p));
}

/** Every request that follows a reply with a Retry-After window came at or after its end. */
function windowsHonoured(requests: Recorded[]): number {
  let windows = 0;
  requests.forEach((r, i) => {
    if (r.notBefore === undefined) return;
    windows++;
    const next = requests[i + 1];
    expect(next, 'a request after the window').toBeDefined();
    expect(next!.at).toBeGreaterThanOrEqual(r.notBefore);
  });
  return windows;
}

describe('Bulk Data kick-off and polling', () => {
  it('builds system and group kick-off URLs with _type and _since', () => {
    const base = 'https://dir.example/fhir/';
    expect(
      kickOffUrl({ base, types: ['Practitioner', 'Organization'], since: '2026-02-01T00:00:00Z' }),
    ).toBe(
      'https://dir.example/fhir/$export?_type=Practitioner,Organization' +
        '&_since=2026-02-01T00%3A00%3A00Z',
    );
    expect(kickOffUrl({ base, types: [], group: 'net 1' })).toBe(
      'https://dir.example/fhir/Group/net%201/$export',
    );
  });

  it('waits out a 429 Retry-After in seconds on kick-off and reports X-Progress', async () => {
    server = await startBulkServer({
      files: FILES,
      polls: 2,
      retryAfter: 'none',
      kickoffFaults: [{ status: 429, retryAfter: 'seconds', body: outcome('throttled', 'busy') }],
    });
    const progress: string[] = [];
    const manifest = await run(undefined, progress);
    expect(manifest.output.map((o) => o.type)).toEqual(['Practitioner']);
    expect(progress).toEqual(['10% done', '20% done']);
    expect(windowsHonoured(server.requests)).toBe(1);
    expect(server.kickoffs).toBe(1);
  });

  it('waits out an HTTP-date Retry-After on 429 and on in-progress polls', async () => {
    server = await startBulkServer({
      files: FILES,
      polls: 1,
      retryAfter: 'date',
      statusFaults: [{ status: 429, retryAfter: 'date' }],
    });
    await run();
    expect(windowsHonoured(server.requests)).toBe(2);
  });

  it('retries a transient OperationOutcome and an HTML 502, then succeeds', async () => {
    server = await startBulkServer({
      files: FILES,
      polls: 0,
      statusFaults: [
        { status: 500, body: outcome('transient', 'database busy') },
        { status: 502, body: '<html><body><h1>Bad Gateway</h1></body></html>' },
      ],
    });
    const manifest = await run();
    expect(manifest.transactionTime).toBe('2026-03-01T04:00:00Z');
    expect(server.requests.filter((r) => r.path === '/fhir/status/1').map((r) => r.status)).toEqual(
      [500, 502, 200],
    );
  });

  it('stops on a final 4xx OperationOutcome with its diagnostics in the error', async () => {
    server = await startBulkServer({
      files: FILES,
      statusFaults: [{ status: 400, body: outcome('processing', 'type Foo is not supported') }],
    });
    const err = await rejection(run());
    expect(err).toMatchObject({ code: 'E_BULK_FAILED', exit: 1 });
    expect(String(err.message)).toContain('type Foo is not supported');
    expect(server.requests.filter((r) => r.path === '/fhir/status/1')).toHaveLength(1);
  });

  it('gives up after the transient retry cap with a summary of the HTML body', async () => {
    server = await startBulkServer({
      files: FILES,
      statusFaults: [
        { status: 503, body: '<html><b>Service  Unavailable</b></html>', always: true },
      ],
    });
    const err = await rejection(run());
    expect(err).toMatchObject({ code: 'E_BULK_UNAVAILABLE' });
    expect(String(err.message)).toContain('Service Unavailable');
    expect(String(err.message)).not.toContain('<');
    expect(server.requests.filter((r) => r.path === '/fhir/status/1')).toHaveLength(
      FAST.maxTransient + 1,
    );
  });

  it('refuses a manifest without output[] as unusable (exit 2)', async () => {
    server = await startBulkServer({ files: FILES, polls: 0, manifest: '{"error": []}' });
    expect(await rejection(run())).toMatchObject({ code: 'E_BULK_MANIFEST', exit: 2 });
  });
});
