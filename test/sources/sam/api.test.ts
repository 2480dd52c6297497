import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceClient } from '../../../src/sources/http/client.js';
import { SamApi, samApiKey } from '../../../src/sources/sam/api.js';
import { parseSamEntity, samDate, samText } from '../../../src/sources/sam/api-record.js';
import { decideSamLive, samQueriesFor } from '../../../src/sources/sam/api-decide.js';
import { withCheckDigit } from '../../../src/transform/npi.js';
import { samEntity, startSamServer } from '../../servers/sam-server.js';
import type { FaultServer } from '../../servers/fault-server.js';

const npi = (n: number) => withCheckDigit(String(123450000 + n));
const KEY = 'test-key-0000';
const AS_OF = '2026-11-20';
let server: FaultServer;
let client: SourceClient;
let api: SamApi;

const person = {
  entityType: 'individual',
  npi: npi(20),
  lastName: 'Spade',
  firstName: 'Sam',
  orgName: null,
  lastKey: 'SPADE',
  firstKey: 'SAM',
  orgKey: null,
  dob: null,
};

function connect(key = KEY): void {
  client = new SourceClient({
    source: 'sam',
    secretHeaders: { 'x-api-key': key },
    timing: { timeoutMs: 300, backoff: { baseMs: 5, capMs: 20 } },
  });
  api = new SamApi(client, server.base);
}

beforeEach(async () => {
  const many = Array.from({ length: 13 }, (_, i) =>
    samEntity({ firstName: 'Sam', lastName: `Spade${i}` }),
  );
  server = await startSamServer([
    samEntity({ npi: npi(20), firstName: 'Sam', lastName: 'Spade' }),
    samEntity({ npi: npi(21), firstName: 'Ted', lastName: 'Ended', terminationDate: '01-01-2026' }),
    ...many,
  ]);
  connect();
});
afterEach(async () => {
  client.close();
  await server.close();
});

describe('SAM API records', () => {
  it('reads MM-DD-YYYY dates and drops null and "Currently Not Available"', () => {
    expect(samDate('03-13-2015')).toBe('2015-03-13');
    expect(samDate('Indefinite')).toBeNull();
    expect(samText('Currently Not Available')).toBeNull();
    expect(samText(null)).toBeNull();
    const r = parseSamEntity(samEntity({ npi: npi(21), terminationDate: '01-01-2026' }));
    expect(r).toMatchObject({
      npi: npi(21),
      activeDate: '2015-03-13',
      terminationDate: '2026-01-01',
    });
  });

  it('asks by NPI and by name for a row with both', () => {
    expect(samQueriesFor(person)).toEqual([
      { via: 'npi', query: { npi: npi(20) } },
      { via: 'name', query: { exclusionName: 'Sam Spade', classification: 'Individual' } },
    ]);
    expect(samQueriesFor({ ...person, npi: null, firstKey: null })).toEqual([]);
  });
});

describe('SamApi.search', () => {
  it('sends the key as X-Api-Key, never in the URL, and decides like the bulk check', async () => {
    const byNpi = await api.search({ npi: npi(20) });
    expect(byNpi.kind).toBe('answered');
    expect(server.requests[0].apiKey).toBe(KEY);
    expect(JSON.stringify(server.requests[0].params)).not.toContain(KEY);
    if (byNpi.kind !== 'answered') return;
    const sha = byNpi.answers[0].rawSha256;
    const d = decideSamLive(
      person,
      [{ via: 'npi', records: byNpi.records, rawSha256: sha }],
      AS_OF,
    );
    expect([d.outcome, d.reason, d.rawSha256]).toEqual(['excluded', 'npi-match', sha]);
  });

  it('treats an ended exclusion and an empty answer as not excluded', async () => {
    const ended = await api.search({ npi: npi(21) });
    const none = await api.search({ npi: npi(22) });
    if (ended.kind !== 'answered' || none.kind !== 'answered') throw new Error('failed');
    const row = { ...person, npi: npi(21), lastKey: 'ENDED', firstKey: 'TED' };
    const d = decideSamLive(row, [{ via: 'npi', records: ended.records, rawSha256: 'x' }], AS_OF);
    expect(d.reason).toBe('exclusion-ended');
    expect(none.records).toEqual([]);
  });

  it('pages past 10 records using totalRecords', async () => {
    const r = await api.search({ exclusionName: 'Sam Spade', classification: 'Individual' });
    expect(r.kind === 'answered' && r.records).toHaveLength(14);
    expect(server.requests.map((q) => q.params.page)).toEqual(['0', '1']);
  });

  it('stops the source on a 403 for a bad key', async () => {
    client.close();
    connect('wrong');
    const r = await api.search({ npi: npi(20) });
    expect(r).toMatchObject({ kind: 'failed', failure: { reason: 'auth-failed' } });
    expect(client.stopped?.detail).toContain('check API key / role');
  });

  it('takes the key from SAM_API_KEY only', () => {
    expect(samApiKey({ SAM_API_KEY: ' k ' })).toBe('k');
    expect(samApiKey({})).toBeUndefined();
  });
});
