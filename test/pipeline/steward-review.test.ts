import { afterEach, describe, expect, it } from 'vitest';
import { decidePair } from '../../src/pipeline/steward.js';
import { reviewQueue } from '../../src/pipeline/steward-review.js';
import { renderPair } from '../../src/pipeline/steward-render.js';
import {
  ANA_DOB,
  NPI,
  insertPair,
  insertPairs,
  openStewardWorld,
  type StewardWorld,
} from './steward-helpers.js';

let world: StewardWorld;
afterEach(() => world?.cleanup());

function setup(): StewardWorld {
  world = openStewardWorld();
  insertPairs(world);
  return world;
}

describe('review queue', () => {
  it('lists only review-band pairs, most probable first', () => {
    const w = setup();
    const q = reviewQueue(w.ctx.db);
    expect(q.total).toBe(3);
    expect(q.pairs.map((p) => [p.id, p.probability])).toEqual([
      ['pr-top', 0.8],
      ['pr-mid', 0.6],
      ['pr-low', 0.4],
    ]);
  });

  it('shows both rows with their source, master and fields, the DOB as a year only', () => {
    const w = setup();
    const [top] = reviewQueue(w.ctx.db).pairs;
    expect(top.left).toMatchObject({
      rowId: w.rows.ana1,
      masterId: w.masters.ana,
      file: 'b1.csv',
      record: 1,
      line: 2,
      npi: NPI.a,
      birthYear: '1980',
      address: null,
    });
    expect(top.right).toMatchObject({
      rowId: w.rows.anna,
      firstName: 'Anna',
      address: '12 N OAK ST, Akron, OH 44301',
      taxonomy: '207Q00000X',
      licenseNumber: 'A123',
      licenseState: 'OH',
    });
    expect(JSON.stringify(top)).not.toContain(ANA_DOB);
  });

  it('carries the per-field comparisons, rules and totals', () => {
    const w = setup();
    const [top] = reviewQueue(w.ctx.db).pairs;
    expect(top.rules).toEqual(['last-name+dob']);
    expect(top.weight).toBe(5.75);
    expect(top.comparisons.map((c) => [c.field, c.weight, c.reason])).toEqual([
      ['lastName', 4.5, 'same last name'],
      ['firstName', 1.25, 'first names close'],
    ]);
  });

  it('leaves out decided pairs, also a rescored pair naming the rows the other way', async () => {
    const w = setup();
    await decidePair(w.ctx, 'pr-top', 'match', { apply: false });
    expect(reviewQueue(w.ctx.db).pairs.map((p) => p.id)).toEqual(['pr-mid', 'pr-low']);
    insertPair(w.ctx.db, {
      id: 'pr-again',
      left: w.rows.anna,
      right: w.rows.ana1,
      probability: 0.9,
    });
    expect(reviewQueue(w.ctx.db).total).toBe(2);
  });

  it('cuts the list at the limit but counts every waiting pair', () => {
    const w = setup();
    const q = reviewQueue(w.ctx.db, { limit: 1 });
    expect(q.pairs.map((p) => p.id)).toEqual(['pr-top']);
    expect(q.total).toBe(3);
  });

  it('renders the two rows side by side with comparisons, weights and the total', () => {
    const w = setup();
    const [top] = reviewQueue(w.ctx.db).pairs;
    const text = renderPair(top, 1, 3);
    expect(text).toContain('Pair 1 of 3  pr-top  probability 0.800  weight +5.75');
    expect(text).toMatch(/^First name \* +Ana +Anna$/m);
    expect(text).toMatch(/^Birth year +1980 +1980$/m);
    expect(text).toMatch(/^ {2}firstName +jaro-winkler>0.92 +\+1\.25 {2}first names close$/m);
    expect(text).toMatch(/^ {2}total +\+5\.75 {2}probability 0\.800$/m);
    expect(text).not.toContain(ANA_DOB);
  });
});
