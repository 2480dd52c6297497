import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpenedContext } from '../../src/pipeline/context.js';
import { pullRoster } from '../../src/pipeline/pull-roster.js';
import { tempContext } from '../helpers/workspace.js';
import { outcome, startBulkServer, type BulkServer } from '../servers/bulk-server.js';
import { rejection } from '../sources/roster/read-helpers.js';
import { location, ndjson, organization, practitioner, role } from '../sources/fhir/resources.js';

const TIMING = { baseMs: 10, capMs: 40, maxTransient: 2, requestTimeoutMs: 5000 };

const FILES = {
  Practitioner:
    ndjson(practitioner('p1', '1234567893', 'Lind')) +
    '\n' +
    ndjson(practitioner('p2', '1987654302', 'Okafor')),
  PractitionerRole: ndjson(role('r1', 'Practitioner/p1', 'Organization/o1', 'Location/l1')),
  Organization: ndjson(organization('o1', '1234567000', 'Valley Clinic')),
  Location: ndjson(location('l1')),
};

let ctx: OpenedContext;
let server: BulkServer;
afterEach(async () => {
  ctx?.close();
  await server?.close();
});

const rowsOf = () =>
  ctx.db.prepare('SELECT npi, group_npi AS groupNpi, city FROM roster_rows ORDER BY npi').all();

/** Successful downloads per file path. */
function downloads(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of server.requests.filter((x) => x.path.includes('/files/') && x.status === 200)) {
    out[r.path] = (out[r.path] ?? 0) + 1;
  }
  return out;
}

describe('pullRoster', () => {
  it('pulls an export and loads one batch per Practitioner and Organization file', async () => {
    server = await startBulkServer({
      files: FILES,
      polls: 1,
      retryAfter: 'none',
      errors: outcome('processing', 'x'),
    });
    ctx = tempContext('roster pull');
    const progress: string[] = [];
    const result = await pullRoster(ctx, {
      url: server.base,
      timing: TIMING,
      onProgress: (m) => progress.push(m),
    });
    expect(result.files.map((f) => [f.type, f.count])).toEqual([
      ['Practitioner', 2],
      ['PractitionerRole', 1],
      ['Organization', 1],
      ['Location', 1],
    ]);
    expect(result.batches.map((b) => b.rows)).toEqual([
      { read: 3, loaded: 2, rejected: 0, skipped: 1 },
      { read: 1, loaded: 1, rejected: 0, skipped: 0 },
    ]);
    const loaded = result.batches.reduce((n, b) => n + b.rows.loaded, 0);
    expect(rowsOf()).toHaveLength(loaded);
    expect(rowsOf()).toEqual([
      { npi: '1234567000', groupNpi: null, city: 'Akron' },
      { npi: '1234567893', groupNpi: '1234567000', city: 'Columbus' },
      { npi: '1987654302', groupNpi: null, city: null },
    ]);
    expect(result).toMatchObject({ transactionTime: '2026-03-01T04:00:00Z', incomplete: true });
    expect(result.errors).toHaveLength(1);
    expect(progress).toContain('10% done');
    expect(existsSync(join(ctx.ws.root, 'pulls', result.pullId, 'state.json'))).toBe(true);
  });

  it('resumes from the saved status URL without refetching completed files', async () => {
    const html = { status: 503, body: '<html>down</html>' };
    server = await startBulkServer({
      files: FILES,
      polls: 0,
      statusFaults: [html, html, html],
      fileFaults: { PractitionerRole: [{ status: 500 }, { status: 500 }, { status: 500 }] },
    });
    ctx = tempContext('roster pull');
    const opts = { url: server.base, timing: TIMING };
    expect(await rejection(pullRoster(ctx, opts))).toMatchObject({ code: 'E_BULK_UNAVAILABLE' });
    const second = await rejection(pullRoster(ctx, { ...opts, resume: true }));
    expect(second).toMatchObject({ code: 'E_BULK_DOWNLOAD', exit: 3 });
    expect(rowsOf()).toHaveLength(0);
    const third = await pullRoster(ctx, { ...opts, resume: true });
    expect(server.kickoffs).toBe(1);
    expect(Object.values(downloads())).toEqual([1, 1, 1, 1]);
    expect(third.batches.map((b) => b.rows.loaded)).toEqual([2, 1]);
    expect(await rejection(pullRoster(ctx, { ...opts, resume: true }))).toMatchObject({
      code: 'E_PULL_NONE',
      exit: 2,
    });
  });

  it('refuses bad flags before any request', async () => {
    server = await startBulkServer({ files: FILES });
    ctx = tempContext('roster pull');
    for (const bad of [
      { url: 'ftp://x/fhir' },
      { url: server.base, since: '2026-02-01' },
      { url: server.base, concurrency: 0 },
    ]) {
      expect(await rejection(pullRoster(ctx, bad))).toMatchObject({ code: 'E_OPTION', exit: 2 });
    }
    expect(server.requests).toHaveLength(0);
  });
});
