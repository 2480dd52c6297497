import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceClient } from '../../../src/sources/http/client.js';
import { rateOptions } from '../../../src/sources/http/queue.js';
import { NppesApi, nppesApiUrl, NPPES_API_URL } from '../../../src/sources/nppes/api.js';
import { epoch, parseNppesResult } from '../../../src/sources/nppes/api-record.js';
import { decideNppesLive } from '../../../src/sources/nppes/api-decide.js';
import { withCheckDigit } from '../../../src/transform/npi.js';
import { newShape, oldShape, startNppesServer } from '../../servers/nppes-server.js';
import type { FaultServer } from '../../servers/fault-server.js';

const npi = (n: number) => withCheckDigit(String(123450000 + n));
const FAST = { timeoutMs: 300, backoff: { baseMs: 5, capMs: 20 } };
let server: FaultServer;
let client: SourceClient;
let api: NppesApi;

beforeEach(async () => {
  server = await startNppesServer({
    records: [oldShape({ npi: npi(1) }), newShape({ npi: npi(2), deactivated: '2025-01-15' })],
    surnames: { SMITH: 1500, LEE: 350 },
  });
  client = new SourceClient({ source: 'nppes', timing: FAST, queue: rateOptions(4, 200) });
  api = new NppesApi(client, `${server.base}/api/`);
});
afterEach(async () => {
  client.close();
  await server.close();
});

describe('NPPES API records', () => {
  it('reads the old and the new response shape alike', () => {
    const old = parseNppesResult(oldShape({ npi: npi(1) }))!;
    const now = parseNppesResult(newShape({ npi: npi(1) }))!;
    for (const r of [old, now]) {
      expect(r).toMatchObject({ npi: npi(1), entityType: '1', sex: 'F', lastName: 'RIVERA' });
      expect(r.location).toMatchObject({ city: 'COLUMBUS', state: 'OH' });
      expect(r.mailing).toMatchObject({ city: 'DAYTON' });
    }
    expect(old.createdAt).toBe('2007-07-09T00:00:00.000Z');
    expect(now.createdAt).toBe('2007-02-15T18:43:16.000Z');
  });

  it('tells epoch seconds from milliseconds by magnitude and rejects junk', () => {
    expect(epoch(1537574400)).toBe(epoch('1537574400000'));
    for (const v of ['', 'x', -5, null, '12.5']) expect(epoch(v)).toBeNull();
  });

  it('turns "--" placeholders into null', () => {
    const org = parseNppesResult(newShape({ npi: npi(4), type: 'NPI-2' }))!;
    expect(org).toMatchObject({ entityType: '2', orgName: 'VALLEY CLINIC INC', credential: null });
    const person = parseNppesResult({ ...newShape({ npi: npi(1) }), basic: { credential: '--' } });
    expect(person?.credential).toBeNull();
  });

  it('maps a record into the bulk NPPES decision', () => {
    const row = {
      entityType: 'individual',
      npi: npi(1),
      lastName: 'Riverra',
      orgName: null,
      taxonomy: '207Q00000X',
      licenseState: 'OH',
    };
    const d = decideNppesLive(row, parseNppesResult(oldShape({ npi: npi(1) })), 'f'.repeat(64));
    expect([d.outcome, d.reason]).toEqual(['verified', 'npi-active']);
    expect(d.compared).toMatchObject({ nameScore: 0.971, taxonomyMatch: true });
    const gone = parseNppesResult(newShape({ npi: npi(2), deactivated: '2025-01-15' }));
    expect(decideNppesLive(row, gone, 'f').reason).toBe('npi-deactivated');
    expect(decideNppesLive({ ...row, lastName: 'Rivora' }, gone, 'f').reason).toBe(
      'npi-deactivated',
    );
  });
});

describe('NppesApi.lookupNpi', () => {
  it('finds an NPI by number with version 2.1', async () => {
    const res = await api.lookupNpi(npi(2));
    expect(res.kind).toBe('found');
    expect(res.kind === 'found' && res.record.deactivationDate).toBe('2025-01-15');
    expect(server.requests[0].params).toEqual({ version: '2.1', number: npi(2) });
  });

  it('reads result_count 0 as not found', async () => {
    expect((await api.lookupNpi(npi(9))).kind).toBe('not-found');
  });

  it('never reads a 200 with Errors as not found, and does not retry it', async () => {
    server.faults.push({ status: 200, body: '{"Errors":[{"field":"number","number":"06"}]}' });
    const res = await api.lookupNpi(npi(1));
    expect(res).toMatchObject({ kind: 'failed', failure: { reason: 'request-invalid' } });
    expect(res.kind === 'failed' && res.failure.field).toBe('number');
    expect(server.requests).toHaveLength(1);
  });

  it('refuses an NPI whose check digit fails instead of asking the API', async () => {
    await expect(api.lookupNpi('1234567890')).rejects.toThrow(/check digit/);
    expect(server.requests).toHaveLength(0);
  });

  it('fails a 200 without a results array instead of reading it as empty', async () => {
    server.faults.push({ status: 200, body: '{"result_count":0}' });
    expect(await api.lookupNpi(npi(1))).toMatchObject({
      failure: { reason: 'malformed-response' },
    });
  });
});

describe('NppesApi.searchNames', () => {
  it('pages by 200 until a short page and dedupes on number', async () => {
    const r = await api.searchNames({ lastName: 'LEE', state: 'OH' });
    expect(r).toMatchObject({ incomplete: false });
    expect(r.records).toHaveLength(350);
    expect(server.requests.map((q) => q.params.skip)).toEqual(['0', '200']);
    expect(server.requests[0].params).toMatchObject({ limit: '200', state: 'OH' });
  });

  it('flags the 1,200 cap when the page at skip=1000 is full', async () => {
    const r = await api.searchNames({ lastName: 'SMITH' });
    expect(r.incomplete).toBe(true);
    expect(r.records).toHaveLength(1200);
    expect(server.requests.map((q) => Number(q.params.skip))).toEqual([
      0, 200, 400, 600, 800, 1000,
    ]);
  });

  it('reads the default base URL from the environment', () => {
    expect(nppesApiUrl({})).toBe(NPPES_API_URL);
    expect(nppesApiUrl({ CREDKIT_NPPES_API_URL: 'http://x/' })).toBe('http://x/');
  });
});
