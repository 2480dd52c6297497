import { afterEach, describe, expect, it } from 'vitest';
import { importSource } from '../../src/pipeline/import-source.js';
import { openDuck, queryRows } from '../../src/store/duckdb.js';
import { latestSnapshot } from '../../src/store/reference.js';
import type { OpenedContext } from '../../src/pipeline/context.js';
import { tempContext } from '../helpers/workspace.js';
import { dataLine, headerLine, headerNames, writeSource } from '../sources/source-files.js';

const HEADER = 'nppes-endpoint-header.csv';

function endpointFile(addresses: string[]): string {
  const header = headerNames(HEADER);
  const lines = addresses.map((a) =>
    dataLine(header, { NPI: '1234567893', 'Endpoint Type': 'DIRECT', Endpoint: a }),
  );
  return writeSource('endpoint_pfile_20050523-20261109.csv', [headerLine(HEADER), ...lines]);
}

async function query(ctx: OpenedContext, sql: string) {
  const duck = await openDuck(ctx.ws);
  try {
    return await queryRows(duck.conn, sql);
  } finally {
    duck.close();
  }
}

let ctx: OpenedContext;
afterEach(() => ctx?.close());

describe('importSource nppes-endpoints', () => {
  it('imports the endpoint file into nppes_endpoints with a snapshots row', async () => {
    ctx = tempContext();
    const r = await importSource(
      ctx,
      'nppes-endpoints',
      endpointFile(['a@x.example', 'b@x.example']),
    );
    expect(r).toMatchObject({ source: 'nppes-endpoints', rows: 2, published: '2026-11-09' });
    expect(r.snapshotId).toMatch(/^nppes-endpoints-/);
    const rows = await query(
      ctx,
      'SELECT snapshot_id, endpoint FROM nppes_endpoints ORDER BY line',
    );
    expect(rows).toEqual([
      { snapshot_id: r.snapshotId, endpoint: 'a@x.example' },
      { snapshot_id: r.snapshotId, endpoint: 'b@x.example' },
    ]);
    const snaps = await query(ctx, `SELECT source, rows::INTEGER AS rows FROM snapshots`);
    expect(snaps).toEqual([{ source: 'nppes-endpoints', rows: 2 }]);
  });

  it('reports the same file unchanged and writes nothing', async () => {
    ctx = tempContext();
    const file = endpointFile(['a@x.example']);
    const first = await importSource(ctx, 'nppes-endpoints', file);
    const again = await importSource(ctx, 'nppes-endpoints', file);
    expect(again).toMatchObject({ unchanged: true, snapshotId: first.snapshotId, rows: 1 });
    const n = await query(ctx, 'SELECT count(*)::INTEGER AS n FROM snapshots');
    expect(n[0].n).toBe(1);
  });

  it('replaces the rows of the previous endpoint snapshot and leaves NPPES alone', async () => {
    ctx = tempContext();
    await importSource(ctx, 'nppes-endpoints', endpointFile(['old@x.example']));
    const second = await importSource(ctx, 'nppes-endpoints', endpointFile(['new@x.example']));
    const rows = await query(ctx, 'SELECT endpoint FROM nppes_endpoints');
    expect(rows).toEqual([{ endpoint: 'new@x.example' }]);
    const duck = await openDuck(ctx.ws);
    try {
      expect((await latestSnapshot(duck.conn, 'nppes-endpoints'))?.id).toBe(second.snapshotId);
      expect(await latestSnapshot(duck.conn, 'nppes')).toBeNull();
    } finally {
      duck.close();
    }
  });
});
