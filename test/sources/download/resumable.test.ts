import { afterEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadResumable } from '../../../src/sources/download/resumable.js';
import { writeMeta, urlHash } from '../../../src/sources/download/part-file.js';
import { startFileServer, type FileServer } from '../../servers/file-server.js';

const BODY = randomBytes(200_000);
const SHA = createHash('sha256').update(BODY).digest('hex');
const FAST = { baseMs: 5, capMs: 20 };

let server: FileServer;
afterEach(() => server?.close());

function paths() {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-dl-'));
  return { target: join(dir, 'UPDATED.csv'), part: join(dir, 'leie.part') };
}

describe('downloadResumable', () => {
  it('resumes with Range and If-Range after a dropped connection; the hash matches', async () => {
    server = await startFileServer({ '/f': { body: BODY, etag: '"v1"', dropAfter: 70_000 } });
    const p = paths();
    const r = await downloadResumable({
      url: `${server.base}/f`,
      ...p,
      sha256: SHA,
      backoff: FAST,
    });
    expect(r).toMatchObject({ status: 'downloaded', sha256: SHA, bytes: BODY.length, attempts: 2 });
    expect(server.requests.map((q) => q.status)).toEqual([200, 206]);
    const second = server.requests[1];
    expect(Number(second.range?.match(/bytes=(\d+)-/)?.[1])).toBeGreaterThan(0);
    expect(second.ifRange).toBe('"v1"');
    expect(readFileSync(p.target).equals(BODY)).toBe(true);
    expect(existsSync(p.part)).toBe(false);
  });

  it('continues a part file left by an earlier run', async () => {
    server = await startFileServer({ '/f': { body: BODY, etag: '"v1"' } });
    const p = paths();
    const url = `${server.base}/f`;
    writeFileSync(p.part, BODY.subarray(0, 1234));
    await writeMeta(p.part, { urlSha256: urlHash(url), etag: '"v1"', lastModified: null });
    const r = await downloadResumable({ url, ...p, sha256: SHA });
    expect(r).toMatchObject({ resumedFrom: 1234, sha256: SHA, attempts: 1 });
    expect(server.requests[0].range).toBe('bytes=1234-');
  });

  it('starts over when the file changed on the server (stale If-Range gives 200)', async () => {
    server = await startFileServer({ '/f': { body: BODY, etag: '"v2"' } });
    const p = paths();
    const url = `${server.base}/f`;
    writeFileSync(p.part, Buffer.from('old bytes of another version'));
    await writeMeta(p.part, { urlSha256: urlHash(url), etag: '"v1"', lastModified: null });
    const r = await downloadResumable({ url, ...p, sha256: SHA });
    expect(r.sha256).toBe(SHA);
    expect(server.requests[0]).toMatchObject({ status: 200, ifRange: '"v1"' });
  });

  it('restarts from byte 0 when the server ignores Range', async () => {
    const f = { body: BODY, etag: '"v1"', dropAfter: 50_000, ignoreRange: true };
    server = await startFileServer({ '/f': f });
    const p = paths();
    const r = await downloadResumable({
      url: `${server.base}/f`,
      ...p,
      sha256: SHA,
      backoff: FAST,
    });
    expect(server.requests.map((q) => q.status)).toEqual([200, 200]);
    expect(server.requests[1].range).toMatch(/^bytes=\d+-$/);
    expect(r).toMatchObject({ sha256: SHA, bytes: BODY.length });
  });

  it('waits out a 429 Retry-After before trying again', async () => {
    server = await startFileServer({ '/f': { body: BODY, throttleOnce: 1 } });
    const p = paths();
    const r = await downloadResumable({ url: `${server.base}/f`, ...p, backoff: FAST });
    expect(r.sha256).toBe(SHA);
    const [first, second] = server.requests;
    expect(first.status).toBe(429);
    expect(second.at - first.at).toBeGreaterThanOrEqual(990);
  });

  it('keeps a file whose hash differs as .bad and fails with E_CHECKSUM', async () => {
    server = await startFileServer({ '/f': { body: BODY } });
    const p = paths();
    const err = await downloadResumable({
      url: `${server.base}/f`,
      ...p,
      sha256: '0'.repeat(64),
    }).catch((e) => e);
    expect(err.code).toBe('E_CHECKSUM');
    expect(readFileSync(`${p.target}.bad`).equals(BODY)).toBe(true);
    expect(existsSync(p.target)).toBe(false);
  });

  it('reports not-modified on a 304 to If-None-Match', async () => {
    server = await startFileServer({ '/f': { body: BODY, etag: '"v1"' } });
    const p = paths();
    const r = await downloadResumable({ url: `${server.base}/f`, ...p, known: { etag: '"v1"' } });
    expect(r).toMatchObject({ status: 'not-modified', path: null });
    expect(existsSync(p.target)).toBe(false);
  });

  it('fails at once on a 404 with the path only, not the query string', async () => {
    server = await startFileServer({});
    const p = paths();
    const url = `${server.base}/missing?api_key=SECRET123`;
    const err = await downloadResumable({ url, ...p }).catch((e) => e);
    expect(err.code).toBe('E_DOWNLOAD_HTTP');
    expect(err.message).toContain('/missing');
    expect(err.message).not.toContain('SECRET123');
  });

  it('gives up after the attempts allowed and keeps the part for the next run', async () => {
    server = await startFileServer({ '/f': { body: BODY, etag: '"v1"', dropAfter: 1000 } });
    const p = paths();
    const url = `${server.base}/f`;
    const err = await downloadResumable({ url, ...p, maxAttempts: 1 }).catch((e) => e);
    expect(err.code).toBe('E_DOWNLOAD_FAILED');
    expect(readFileSync(p.part).length).toBe(1000);
  });
});
