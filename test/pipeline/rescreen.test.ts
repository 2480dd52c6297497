import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importSource } from '../../src/pipeline/import-source.js';
import { rescreen } from '../../src/pipeline/rescreen.js';
import { verify } from '../../src/pipeline/verify.js';
import { dedupe } from '../../src/pipeline/dedupe.js';
import type { OpenedContext } from '../../src/pipeline/context.js';
import { openDuck, queryRows } from '../../src/store/duckdb.js';
import { withCheckDigit } from '../../src/transform/npi.js';
import { importLayoutFile } from '../../src/pipeline/import-layout.js';
import { resolveLayout } from '../../src/sources/boards/layout-file.js';
import { insertRows, tempContext } from '../helpers/workspace.js';
import { dataLine, headerLine, headerNames, writeSource } from '../sources/source-files.js';

const AS_OF = '2026-11-20';
const npi = (n: number) => withCheckDigit(String(123460000 + n));
const LEIE = 'leie-header.csv';

type Person = Record<string, string>;
const X: Person = { LASTNAME: 'XAVIER', FIRSTNAME: 'XENA', NPI: npi(1) };
const Y: Person = { LASTNAME: 'YOUNG', FIRSTNAME: 'YURI', NPI: npi(2) };
const OTHER: Person = { LASTNAME: 'UNRELATED', FIRSTNAME: 'URSULA' };
const DOE: Person = { LASTNAME: 'DOE', FIRSTNAME: 'JANE', DOB: '19700102' };

function leieFile(people: Person[]): string {
  const h = headerNames(LEIE);
  const lines = people.map((p) =>
    dataLine(h, {
      NPI: '0000000000',
      EXCLDATE: '20200101',
      REINDATE: '00000000',
      WAIVERDATE: '00000000',
      ...p,
    }),
  );
  return writeSource('UPDATED.csv', [headerLine(LEIE), ...lines], '\r\n');
}

let ctx: OpenedContext;
let ids: Record<string, number>;

beforeEach(() => {
  ctx = tempContext();
  const [x, y, z, w] = insertRows(ctx, 'b1', [
    { npi: npi(1), lastName: 'Xavier', firstName: 'Xena' },
    { npi: npi(2), lastName: 'Young', firstName: 'Yuri' },
    { npi: npi(3), lastName: 'Doe', firstName: 'Jane' },
    { npi: npi(4), lastName: 'Well', firstName: 'Wes' },
  ]);
  ids = { x, y, z, w };
});
afterEach(() => ctx.close());

function masterOf(rowId: number): string {
  const r = ctx.db
    .prepare('SELECT master_id AS id FROM master_members WHERE row_id = ?')
    .get(rowId);
  return (r as { id: string }).id;
}

describe('verify --rescreen', () => {
  it('says there is nothing to compare with one snapshot, and no snapshot at all', async () => {
    await importSource(ctx, 'leie', leieFile([X]), {});
    const r = await rescreen(ctx, { sources: ['leie', 'sam'], asOf: AS_OF });
    expect(r.sources.leie).toMatchObject({
      note: 'one snapshot: nothing to compare',
      previous: null,
      newlyExcluded: [],
    });
    expect(r.sources.sam).toMatchObject({ note: 'no snapshot', snapshot: null });
  });

  it('reports who is newly excluded, newly a possible match, and reinstated', async () => {
    await importSource(ctx, 'leie', leieFile([X, OTHER]), { published: '2026-10-10' });
    await dedupe(ctx);
    const second = await importSource(ctx, 'leie', leieFile([Y, OTHER, DOE]), {
      published: '2026-11-10',
    });
    const r = await rescreen(ctx, { sources: ['leie'], asOf: AS_OF });
    const leie = r.sources.leie;
    expect(leie.snapshot).toBe(second.snapshotId);
    expect(leie.previous).not.toBeNull();
    expect(leie).toMatchObject({ recordsAdded: 2, recordsRemoved: 1 });
    expect(leie.newlyExcluded).toEqual([
      { masterId: masterOf(ids.y), npi: npi(2), reason: 'npi-match' },
    ]);
    expect(leie.newlyPossible).toEqual([
      { masterId: masterOf(ids.z), npi: npi(3), reason: 'name-only' },
    ]);
    expect(leie.reinstated).toEqual([
      { masterId: masterOf(ids.x), npi: npi(1), reason: 'npi-match' },
    ]);
    expect(JSON.stringify(r)).not.toMatch(/XAVIER|Young|DOE/i);
  });

  it('stores the latest checks, so dedupe acts on the new exclusion', async () => {
    await importSource(ctx, 'leie', leieFile([X]), {});
    await importSource(ctx, 'leie', leieFile([Y]), {});
    await rescreen(ctx, { asOf: AS_OF });
    const outcome = (rowId: number) =>
      (
        ctx.db
          .prepare("SELECT outcome FROM checks WHERE row_id = ? AND source = 'leie'")
          .get(rowId) as { outcome: string }
      ).outcome;
    expect(outcome(ids.y)).toBe('excluded');
    expect(outcome(ids.x)).toBe('not-found');
    await dedupe(ctx);
    const status = ctx.db.prepare('SELECT status FROM masters WHERE id = ?');
    expect((status.get(masterOf(ids.y)) as { status: string }).status).toBe('excluded');
  });

  it('refuses NPPES: only exclusion lists are rescreened (E_BAD_SOURCE)', async () => {
    await expect(rescreen(ctx, { sources: ['nppes'] })).rejects.toMatchObject({
      code: 'E_BAD_SOURCE',
      exit: 2,
    });
  });
});

describe('importSource for the exclusion lists', () => {
  it('keeps the rows of the latest two snapshots, and verify reads the latest only', async () => {
    await importSource(ctx, 'leie', leieFile([X]), {});
    const second = await importSource(ctx, 'leie', leieFile([Y]), {});
    const third = await importSource(ctx, 'leie', leieFile([OTHER]), {});
    const duck = await openDuck(ctx.ws);
    let kept: { snapshot_id: string; n: number }[];
    try {
      kept = await queryRows(
        duck.conn,
        'SELECT snapshot_id, count(*)::INTEGER AS n FROM leie GROUP BY 1 ORDER BY 1',
      );
    } finally {
      duck.close();
    }
    expect(kept.map((k) => k.snapshot_id).sort()).toEqual(
      [second.snapshotId, third.snapshotId].sort(),
    );
    const r = await verify(ctx, { sources: ['leie'], asOf: AS_OF });
    // Y is listed in the second snapshot only: the latest (third) clears everyone.
    expect(r.bySource.leie.excluded).toBe(0);
  });
});

describe('verify --rescreen on a state list', () => {
  const listFile = (date: string, rows: string[]) =>
    writeSource('oh-list.csv', [
      `Ohio Medicaid exclusions - Revised ${date},,,`,
      'Last Name,First Name,NPI,Status',
      ...rows,
    ]);
  const layout = resolveLayout('oh-medicaid', 'state-list');
  const minimal = { ...layout, columns: new Map([...layout.columns].filter(([h]) => KEEP.has(h))) };

  it('reports a roster NPI added to the list, keeping one previous snapshot per list', async () => {
    await importLayoutFile(ctx, minimal, listFile('10/1/2026', ['GONE,GUS,N/A,Excluded']));
    await importLayoutFile(
      ctx,
      minimal,
      listFile('11/1/2026', ['GONE,GUS,N/A,Excluded', `YOUNG,YURI,${npi(2)} & N/A,Excluded`]),
    );
    const third = await importLayoutFile(
      ctx,
      minimal,
      listFile('12/1/2026', [`YOUNG,YURI,${npi(2)},Excluded`, `XAVIER,XENA,${npi(1)},Excluded`]),
    );
    const r = await rescreen(ctx, { sources: ['state-lists'], asOf: AS_OF });
    const s = r.sources['state-list:oh-medicaid'];
    expect(s.snapshot).toBe(third.snapshotId);
    expect(s.newlyExcluded.map((e) => e.npi)).toEqual([npi(1)]);
    // YOUNG's cell lost its N/A: the same record by its NPIs; XAVIER came, GONE went.
    expect(s).toMatchObject({ recordsAdded: 1, recordsRemoved: 1 });
  });
});

const KEEP = new Set(['last name', 'first name', 'npi', 'status']);
