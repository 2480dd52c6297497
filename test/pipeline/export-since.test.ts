import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { dedupe } from '../../src/pipeline/dedupe.js';
import { exportBulk, type ExportResult } from '../../src/pipeline/export.js';
import { withCheckDigit } from '../../src/transform/npi.js';
import { inspectExportDir } from '../../src/validate/ndjson.js';
import {
  NPI,
  insertCheck,
  screenAll,
  insertRows,
  openTestWorkspace,
  providerRow,
  type TestWorkspace,
} from '../transform/dedupe/helpers.js';

const open: TestWorkspace[] = [];
afterEach(() => {
  for (const ws of open.splice(0)) ws.cleanup();
});

const NPIS = [0, 1, 2].map((i) => withCheckDigit(String(131000000 + i)));

async function seeded() {
  const ws = openTestWorkspace();
  open.push(ws);
  const rows = NPIS.map((npi, i) =>
    providerRow({
      npi,
      lastName: `Last${i}`,
      firstName: `First${i}`,
      credential: 'MD',
      taxonomy: '207Q00000X',
      groupNpi: NPI.group,
      groupName: 'Valley Group',
      address1: `${i} Main St`,
      city: 'Columbus',
      state: 'OH',
      zip: '43004',
      phone: '6145550100',
    }),
  );
  const ids = insertRows(ws.ctx.db, 'b1', rows);
  for (const id of ids) insertCheck(ws.ctx.db, id, 'leie', 'not-found', 'not-listed');
  screenAll(ws.ctx.db, ids);
  await dedupe(ws.ctx);
  return { ctx: ws.ctx, ids };
}

interface Manifest {
  transactionTime: string;
  request: string;
  output: { type: string; url: string; count: number }[];
  deleted: { type: string; url: string; count: number }[];
}

const manifestOf = (r: ExportResult) => JSON.parse(readFileSync(r.manifest, 'utf8')) as Manifest;

function read(dir: string, file: string): Record<string, unknown>[] {
  const raw = readFileSync(join(dir, file));
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function npisOf(r: ExportResult, type: string): string[] {
  const m = manifestOf(r);
  return m.output
    .filter((o) => o.type === type)
    .flatMap((o) => read(r.exportDir, o.url))
    .flatMap((p) => (p.identifier as { system: string; value: string }[]).map((i) => i.value))
    .filter((v) => NPIS.includes(v));
}

const watermark = (ctx: TestWorkspace['ctx']) =>
  ctx.db.prepare("SELECT export_id AS id FROM watermarks WHERE name = 'export'").get();

describe('incremental export (--since)', () => {
  it('writes a full export when no watermark exists yet, and sets it', async () => {
    const { ctx } = await seeded();
    const r = await exportBulk(ctx, { since: 'last' });
    expect(r.since).toBeNull();
    expect(npisOf(r, 'Practitioner').sort()).toEqual(NPIS);
    expect(manifestOf(r).request).not.toContain('_since');
    expect(watermark(ctx)).toEqual({ id: r.exportId });
  });

  it('outputs a changed provider, not an unchanged one, and deletes an excluded one', async () => {
    const { ctx, ids } = await seeded();
    const first = await exportBulk(ctx);
    ctx.db.prepare('UPDATE roster_rows SET phone = ? WHERE id = ?').run('6145559999', ids[0]);
    ctx.db.prepare("UPDATE checks SET outcome = 'excluded' WHERE row_id = ?").run(ids[2]);
    await dedupe(ctx);

    const r = await exportBulk(ctx, { since: 'last' });
    const m = manifestOf(r);
    expect(r.since).toBe(manifestOf(first).transactionTime);
    expect(m.request).toContain(`&_since=${r.since}`);
    expect(npisOf(r, 'Practitioner')).toEqual([NPIS[0]]);

    const excludedId = ctx.db.prepare('SELECT id FROM masters WHERE npi = ?').get(NPIS[2]) as {
      id: string;
    };
    const deleted = m.deleted.flatMap((d) => read(r.exportDir, d.url));
    const urls = deleted.map((b) => (b.entry as { request: { url: string } }[])[0].request.url);
    expect(urls).toContain(`Practitioner/${excludedId.id}`);
    expect(urls).toContain(`Provenance/pv-${excludedId.id}`);
    expect(deleted.every((b) => b.type === 'transaction')).toBe(true);
    expect(m.deleted.every((d) => d.type === 'Bundle' && /\.deleted\.ndjson$/.test(d.url))).toBe(
      true,
    );
    expect(r.deleted).toBe(urls.length);
    expect(inspectExportDir(r.exportDir, { schema: true, profiles: true }).problems).toEqual([]);
  });

  it('leaves the watermark where it was when an export fails', async () => {
    const { ctx, ids } = await seeded();
    const first = await exportBulk(ctx);
    const row = ctx.db.prepare('SELECT id, record FROM masters WHERE npi = ?').get(NPIS[1]) as {
      id: string;
      record: string;
    };
    const broken = JSON.stringify({ ...JSON.parse(row.record), phone: 6145550100 });
    ctx.db.prepare('UPDATE masters SET record = ? WHERE id = ?').run(broken, row.id);
    await expect(exportBulk(ctx, { since: 'last' })).rejects.toMatchObject({
      code: 'E_EXPORT_INVALID',
    });
    expect(watermark(ctx)).toEqual({ id: first.exportId });

    ctx.db.prepare('UPDATE roster_rows SET phone = ? WHERE id = ?').run('6145559999', ids[0]);
    await dedupe(ctx);
    const next = await exportBulk(ctx, { since: 'last' });
    expect(next.since).toBe(manifestOf(first).transactionTime);
    expect(watermark(ctx)).toEqual({ id: next.exportId });
  });

  it('takes an instant and refuses anything else as a usage error', async () => {
    const { ctx } = await seeded();
    const first = await exportBulk(ctx);
    const later = await exportBulk(ctx, { since: '2999-01-01T00:00:00Z' });
    expect(Object.values(later.resources).every((n) => n === 0)).toBe(true);
    expect(first.resources.Practitioner).toBe(3);
    await expect(exportBulk(ctx, { since: 'yesterday' })).rejects.toMatchObject({
      code: 'E_BAD_SINCE',
      exit: 2,
    });
  });
});

describe('gzip output', () => {
  it('writes .ndjson.gz files whose line counts match the manifest', async () => {
    const { ctx } = await seeded();
    const r = await exportBulk(ctx, { gzip: true, baseUrl: 'https://h.example/b' });
    const m = manifestOf(r);
    expect(m.output.length).toBeGreaterThan(3);
    for (const item of m.output) {
      expect(item.url).toMatch(/^https:\/\/h\.example\/b\/\d+\.\w+\.ndjson\.gz$/);
      expect(read(r.exportDir, item.url.split('/').pop()!)).toHaveLength(item.count);
    }
    expect(readdirSync(r.exportDir).filter((f) => f.endsWith('.ndjson'))).toEqual([]);
    expect(inspectExportDir(r.exportDir, { schema: true, profiles: true }).problems).toEqual([]);
  });
});
