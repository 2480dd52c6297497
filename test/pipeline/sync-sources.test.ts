import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { syncSources, redactUrl } from '../../src/pipeline/sync-sources.js';
import type { SyncEntry } from '../../src/sources/download/sync-config.js';
import type { OpenedContext } from '../../src/pipeline/context.js';
import { tempContext } from '../helpers/workspace.js';
import { startFileServer, type FileServer } from '../servers/file-server.js';
import { buildZip } from '../sources/archive/make-zip.js';

const DEMO = join(import.meta.dirname, '../../fixtures/demo');
const LEIE = readFileSync(join(DEMO, 'UPDATED.csv'));
const SAM_CSV = 'SAM_Exclusions_Public_Extract_V2_26306.csv';
const SAM_ZIP = buildZip([{ name: SAM_CSV, data: readFileSync(join(DEMO, SAM_CSV)) }]);
const FAST = { baseMs: 5, capMs: 20 };
const KEY = 'sam-key-4f9c2';

let ctx: OpenedContext;
let server: FileServer;
afterEach(async () => {
  ctx?.close();
  await server?.close();
});

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

async function serve() {
  server = await startFileServer({
    '/exclusions/downloadables/UPDATED.csv': { body: LEIE, etag: '"leie1"', dropAfter: 4000 },
    '/extracts': { body: SAM_ZIP, etag: '"sam1"', requireHeader: ['x-api-key', KEY] },
  });
  const entries: Record<string, SyncEntry> = {
    leie: {
      url: `${server.base}/exclusions/downloadables/UPDATED.csv`,
      kind: 'leie',
      sha256: sha(LEIE),
    },
    sam: {
      url: `${server.base}/extracts?fileName=SAM_Exclusions_Public_Extract_V2_26306.ZIP`,
      kind: 'sam',
      apiKeyEnv: 'SAM_API_KEY',
      apiKeyIn: 'header',
    },
  };
  return entries;
}

describe('syncSources', () => {
  it('downloads with a resume, imports each file, and skips them when unchanged', async () => {
    ctx = tempContext();
    const entries = await serve();
    const env = { SAM_API_KEY: KEY };
    const first = await syncSources(ctx, entries, { env, backoff: FAST });
    expect(first.sources.leie).toMatchObject({ status: 'imported', sha256: sha(LEIE) });
    expect(first.sources.sam).toMatchObject({ status: 'imported', sha256: sha(SAM_ZIP) });
    expect(first.sources.sam.file).toMatch(
      /downloads\/sam\/SAM_Exclusions_Public_Extract_V2_26306\.ZIP$/,
    );
    const leieHits = server.requests.filter((r) => r.path.endsWith('UPDATED.csv'));
    expect(leieHits.map((r) => r.status)).toEqual([200, 206]);
    const again = await syncSources(ctx, entries, { env, backoff: FAST });
    expect(again.sources.leie).toMatchObject({
      status: 'unchanged',
      snapshotId: first.sources.leie.snapshotId,
    });
    expect(again.sources.sam.status).toBe('unchanged');
    expect(server.requests.at(-1)).toMatchObject({ status: 304, ifNoneMatch: '"sam1"' });
  });

  it('keeps the other sources when one fails, and reports the failure', async () => {
    ctx = tempContext();
    const entries = await serve();
    entries.gone = { url: `${server.base}/nothing.csv`, kind: 'leie-supplement' };
    const r = await syncSources(ctx, entries, { env: {}, backoff: FAST });
    expect(r.sources.leie.status).toBe('imported');
    expect(r.sources.sam).toMatchObject({ status: 'failed', error: { code: 'E_API_KEY' } });
    expect(r.sources.gone).toMatchObject({ status: 'failed', error: { code: 'E_DOWNLOAD_HTTP' } });
  });

  it('fails an entry whose checksum differs and keeps the file as .bad', async () => {
    ctx = tempContext();
    const entries = await serve();
    const r = await syncSources(
      ctx,
      { leie: { ...entries.leie, sha256: 'a'.repeat(64) } },
      {
        backoff: FAST,
      },
    );
    expect(r.sources.leie).toMatchObject({ status: 'failed', error: { code: 'E_CHECKSUM' } });
    expect(readdirSync(join(ctx.ws.root, 'downloads/leie'))).toEqual(['UPDATED.csv.bad']);
  });

  it('syncs only the entries named', async () => {
    ctx = tempContext();
    const entries = await serve();
    const r = await syncSources(ctx, entries, { only: ['leie'], backoff: FAST });
    expect(Object.keys(r.sources)).toEqual(['leie']);
  });

  it('never writes the API key to results or logs', async () => {
    ctx = tempContext();
    const entries = await serve();
    entries.sam = {
      ...entries.sam,
      apiKeyIn: 'query',
      url: `${server.base}/missing?fileName=x.ZIP`,
    };
    const r = await syncSources(ctx, entries, { env: { SAM_API_KEY: KEY }, backoff: FAST });
    expect(r.sources.sam.status).toBe('failed');
    expect(JSON.stringify(r)).not.toContain(KEY);
    expect(readFileSync(ctx.log.path, 'utf8')).not.toContain(KEY);
    expect(redactUrl(`https://x/y?api_key=${KEY}&fileName=f`)).toBe(
      'https://x/y?api_key=REDACTED&fileName=f',
    );
  });
});
