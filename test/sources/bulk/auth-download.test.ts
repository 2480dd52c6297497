import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPKCS8, generateKeyPair } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { SmartAuth } from '../../../src/sources/bulk/auth.js';
import { BulkHttp } from '../../../src/sources/bulk/client.js';
import { downloadFiles, planFiles } from '../../../src/sources/bulk/download.js';
import { awaitManifest, kickOff, kickOffUrl } from '../../../src/sources/bulk/export.js';
import type { DoneFile } from '../../../src/sources/bulk/state.js';
import { startBulkServer, type BulkServer } from '../../servers/bulk-server.js';
import { rejection } from '../roster/read-helpers.js';

const FAST = { baseMs: 10, capMs: 40, maxTransient: 2, requestTimeoutMs: 5000 };
const FILES = {
  Practitioner:
    '{"resourceType":"Practitioner","id":"p1"}\n\n{"resourceType":"Practitioner","id":"p2"}\n',
  Organization: '{"resourceType":"Organization","id":"o1"}',
};

let server: BulkServer;
afterEach(() => server?.close());

async function keyFile(alg: 'RS384' | 'ES384') {
  const pair = await generateKeyPair(alg, { extractable: true });
  const path = join(mkdtempSync(join(tmpdir(), 'credkit-key-')), 'key.pem');
  writeFileSync(path, await exportPKCS8(pair.privateKey), { mode: 0o600 });
  return { path, publicKey: pair.publicKey };
}

async function pull(http: BulkHttp, dir = mkdtempSync(join(tmpdir(), 'credkit-dl-'))) {
  const statusUrl = await kickOff(http, kickOffUrl({ base: server.base, types: [] }));
  const manifest = await awaitManifest(http, statusUrl);
  const done: DoneFile[] = [];
  const failures = await downloadFiles(http, planFiles(manifest), {
    dir,
    concurrency: 2,
    withToken: () => manifest.requiresAccessToken === true,
    onDone: (f) => done.push(f),
  });
  return { dir, done, failures };
}

describe('Bulk Data downloads', () => {
  it('streams every file to its planned name and counts non-blank lines', async () => {
    server = await startBulkServer({
      files: FILES,
      polls: 0,
      fileFaults: { Organization: [{ status: 500 }] },
    });
    const { dir, done, failures } = await pull(new BulkHttp(undefined, FAST));
    expect(failures).toEqual([]);
    const byType = Object.fromEntries(done.map((f) => [f.type, f]));
    expect(byType.Practitioner).toMatchObject({ count: 2, path: 'files/1.Practitioner.ndjson' });
    expect(byType.Organization?.count).toBe(1);
    expect(readFileSync(join(dir, 'files/1.Practitioner.ndjson'), 'utf8')).toBe(FILES.Practitioner);
  });

  it('reports an expired file as E_BULK_EXPIRED and still fetches the others', async () => {
    server = await startBulkServer({
      files: FILES,
      polls: 0,
      fileFaults: { Organization: [{ status: 410, always: true }] },
    });
    const { done, failures } = await pull(new BulkHttp(undefined, FAST));
    expect(done.map((f) => f.type)).toEqual(['Practitioner']);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      code: 'E_BULK_EXPIRED',
      exit: 3,
      location: { file: 'Organization.ndjson' },
    });
    expect(failures[0]?.suggestion).toContain('without --resume');
  });
});

describe('SMART Backend Services auth', () => {
  it.each(['RS384', 'ES384'] as const)(
    'gets a token with a %s-signed assertion and sends it as Bearer everywhere',
    async (alg) => {
      const key = await keyFile(alg);
      server = await startBulkServer({
        files: FILES,
        polls: 0,
        auth: { clientId: 'credkit', publicKey: key.publicKey },
      });
      const auth = new SmartAuth({
        base: server.base,
        clientId: 'credkit',
        privateKeyPath: key.path,
        kid: 'k1',
      });
      const { failures, done } = await pull(new BulkHttp(auth, FAST));
      expect(failures).toEqual([]);
      expect(done).toHaveLength(2);
      const data = server.requests.filter((r) => !/token|well-known/.test(r.path));
      expect(data.every((r) => r.authorization === 'Bearer tok-1' && r.status < 400)).toBe(true);
      expect(server.requests.filter((r) => r.path === '/fhir/token')).toHaveLength(1);
    },
  );

  it('fails with E_AUTH_TOKEN for a key the server does not know, never showing it', async () => {
    const known = await keyFile('RS384');
    const other = await keyFile('RS384');
    server = await startBulkServer({
      files: FILES,
      auth: { clientId: 'credkit', publicKey: known.publicKey },
    });
    const auth = new SmartAuth({
      base: server.base,
      clientId: 'credkit',
      privateKeyPath: other.path,
    });
    const err = await rejection(pull(new BulkHttp(auth, FAST)));
    expect(err).toMatchObject({ code: 'E_AUTH_TOKEN' });
    const pem = readFileSync(other.path, 'utf8');
    const body = pem.split('\n')[1] ?? '';
    expect(JSON.stringify(err) + String(err.message)).not.toContain(body);
    expect(server.kickoffs).toBe(0);
  });

  it('refuses a key file that is not a PEM private key (exit 2)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'credkit-key-')), 'bad.pem');
    writeFileSync(path, 'secret-not-a-key');
    const auth = new SmartAuth({
      base: 'http://127.0.0.1:9/fhir',
      clientId: 'c',
      privateKeyPath: path,
      tokenUrl: 'http://127.0.0.1:9/t',
    });
    const err = await rejection(auth.bearer());
    expect(err).toMatchObject({ code: 'E_AUTH_KEY', exit: 2 });
    expect(String(err.message)).not.toContain('secret-not-a-key');
  });
});
