import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReader, type OpenedContext } from '../../src/pipeline/context.js';
import type { Db } from '../../src/store/sqlite.js';
import { ensureWorkspace } from '../../src/store/workspace.js';
import { NPI, insertCheck, insertRows, providerRow } from '../transform/dedupe/helpers.js';

export { NPI };

/**
 * A steward's workspace: opened like the steward commands open it (no workspace lock), with
 * rows, masters and scored pairs written straight into the tables of the issue-5 contract, so
 * these tests do not depend on the matching engine.
 */
export interface StewardWorld {
  ctx: OpenedContext;
  dir: string;
  rows: { ana1: number; ana2: number; anna: number; li: number; kay: number };
  masters: { ana: string; anna: string; li: string; kay: string };
  cleanup(): void;
}

export const ANA_DOB = '1980-02-03';

export function openStewardWorld(): StewardWorld {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-steward-'));
  const ctx = openReader(ensureWorkspace(dir));
  const [ana1, ana2, anna, li, kay] = insertRows(ctx.db, 'b1', [
    providerRow({ lastName: 'Rivera', firstName: 'Ana', dob: ANA_DOB, npi: NPI.a }),
    providerRow({ lastName: 'Rivera', firstName: 'Ana', dob: ANA_DOB, npi: NPI.a, city: 'Akron' }),
    providerRow({
      lastName: 'Rivera',
      firstName: 'Anna',
      dob: ANA_DOB,
      address1: '12 N OAK ST',
      city: 'Akron',
      state: 'OH',
      zip: '44301',
      taxonomy: '207Q00000X',
      licenseNumber: 'A123',
      licenseState: 'OH',
    }),
    providerRow({ lastName: 'Chen', firstName: 'Li', dob: '1975-05-05', npi: NPI.b }),
    providerRow({ lastName: 'Ode', firstName: 'Kay', dob: '1990-09-09', npi: NPI.c }),
  ]);
  const masters = {
    ana: insertMaster(ctx.db, 'p-00000000000000a1', NPI.a, [ana1, ana2], ANA_DOB),
    anna: insertMaster(ctx.db, 'p-00000000000000a2', null, [anna], ANA_DOB),
    li: insertMaster(ctx.db, 'p-00000000000000b1', NPI.b, [li], '1975-05-05'),
    kay: insertMaster(ctx.db, 'p-00000000000000c1', NPI.c, [kay], '1990-09-09'),
  };
  insertCheck(ctx.db, ana1, 'nppes', 'verified', 'npi-active');
  insertCheck(ctx.db, ana1, 'leie', 'not-found', 'not-listed');
  insertCheck(ctx.db, ana2, 'nppes', 'verified', 'npi-active');
  return {
    ctx,
    dir,
    rows: { ana1, ana2, anna, li, kay },
    masters,
    cleanup() {
      ctx.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function insertMaster(
  db: Db,
  id: string,
  npi: string | null,
  rowIds: number[],
  dob: string,
): string {
  const record = { npi, lastName: 'Test', dob, taxonomies: [], licenses: [], sourceRows: rowIds };
  db.prepare(
    `INSERT INTO masters (id, kind, match_key, npi, record, status, created_at, updated_at)
     VALUES (?, 'practitioner', ?, ?, ?, 'active', '2026-01-03T00:00:00Z', '2026-01-03T00:00:00Z')`,
  ).run(id, `test:${id}`, npi, JSON.stringify(record));
  const link = db.prepare('INSERT INTO master_members (master_id, row_id) VALUES (?, ?)');
  for (const rowId of rowIds) link.run(id, rowId);
  return id;
}

export interface PairSpec {
  id: string;
  left: number;
  right: number;
  probability: number;
  band?: 'link' | 'review' | 'non-match';
}

/** A scored pair with two comparisons whose weights add up to the pair's weight. */
export function insertPair(db: Db, p: PairSpec): void {
  const comparisons = [
    { field: 'lastName', level: 'exact', weight: 4.5, reason: 'same last name' },
    { field: 'firstName', level: 'jaro-winkler>0.92', weight: 1.25, reason: 'first names close' },
  ];
  db.prepare(
    `INSERT INTO match_pairs (id, left_row, right_row, rules, weight, probability, band,
      comparisons, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2026-01-04T00:00:00Z')`,
  ).run(
    p.id,
    p.left,
    p.right,
    JSON.stringify(['last-name+dob']),
    5.75,
    p.probability,
    p.band ?? 'review',
    JSON.stringify(comparisons),
  );
}

/** The usual queue: three review pairs, one link and one non-match. */
export function insertPairs(w: StewardWorld): void {
  const { ana1, ana2, anna, li, kay } = w.rows;
  insertPair(w.ctx.db, { id: 'pr-mid', left: ana2, right: anna, probability: 0.6 });
  insertPair(w.ctx.db, { id: 'pr-top', left: ana1, right: anna, probability: 0.8 });
  insertPair(w.ctx.db, { id: 'pr-low', left: anna, right: kay, probability: 0.4 });
  insertPair(w.ctx.db, { id: 'pr-link', left: ana1, right: ana2, probability: 0.99, band: 'link' });
  insertPair(w.ctx.db, {
    id: 'pr-non',
    left: ana1,
    right: li,
    probability: 0.01,
    band: 'non-match',
  });
}
