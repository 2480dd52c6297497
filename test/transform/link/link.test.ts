import { describe, expect, it } from 'vitest';
import { clusterRows } from '../../../src/transform/link/cluster.js';
import { comparisonsFor } from '../../../src/transform/link/compare.js';
import { estimateM, estimateU } from '../../../src/transform/link/em.js';
import { canonicalFirstName } from '../../../src/transform/link/nicknames.js';
import { soundex } from '../../../src/transform/link/phonetic.js';
import { bandOf } from '../../../src/transform/link/score.js';
import { resolveSettings } from '../../../src/transform/link/settings.js';
import { tfAdjustment } from '../../../src/transform/link/tf.js';

describe('link building blocks', () => {
  it('gives spelling variants of a surname one Soundex code', () => {
    expect(soundex('JABLONSKI')).toBe(soundex('JABLONSKY'));
    expect(soundex('ROBERT')).toBe('R163');
    expect(soundex('ASHCRAFT')).toBe('A261');
    expect(soundex('')).toBeNull();
  });

  it('maps a nickname and its formal name to one group', () => {
    expect(canonicalFirstName('BILL')).toBe(canonicalFirstName('WILLIAM'));
    expect(canonicalFirstName('PEGGY')).toBe('MARGARET');
    expect(canonicalFirstName('ZOE')).toBe('ZOE');
  });

  it('counts a common surname for less and a rare one for more', () => {
    expect(tfAdjustment(0.1, 0.01, 1)).toBeLessThan(0);
    expect(tfAdjustment(0.001, 0.01, 1)).toBeGreaterThan(0);
    expect(tfAdjustment(0.1, 0.01, 0)).toBe(0);
  });

  it('sends a pair above the link threshold to review when NPIs conflict', () => {
    const t = { link: 0.99, review: 0.5 };
    expect(bandOf(0.999, t, { npiConflict: false, identityAgrees: true })).toBe('link');
    expect(bandOf(0.999, t, { npiConflict: true, identityAgrees: true })).toBe('review');
    expect(bandOf(0.999, t, { npiConflict: false, identityAgrees: false })).toBe('review');
    expect(bandOf(0.1, t, { npiConflict: false, identityAgrees: true })).toBe('non-match');
  });

  it('learns a high m for the level that separates two groups of pairs', () => {
    const comps = comparisonsFor('organization');
    const u = estimateU([], comps, 1, new Map());
    const name = comps.findIndex((c) => c.field === 'orgName');
    const agree = comps.map((c) => (c.field === 'orgName' ? 0 : -1));
    const differ = comps.map((c) => (c.field === 'orgName' ? 2 : -1));
    const fit = estimateM(
      [
        { levels: agree, n: 300 },
        { levels: differ, n: 700 },
      ],
      comps,
      u,
      { maxIterations: 100, tolerance: 1e-6, priorWeight: 1, fixed: new Map() },
    );
    expect(fit.m[name][0]).toBeGreaterThan(0.9);
    expect(fit.lambda).toBeGreaterThan(0.2);
    expect(fit.lambda).toBeLessThan(0.4);
  });

  it('refuses an automatic link that would join two NPIs through a third row', () => {
    const npiOf = new Map([
      [1, 'A'],
      [3, 'B'],
    ]);
    const edges = [
      { left: 1, right: 2, weight: 20 },
      { left: 2, right: 3, weight: 10 },
    ];
    const { groups, stats } = clusterRows([1, 2, 3], npiOf, edges, { must: [], cannot: [] });
    expect([...groups.values()]).toEqual([[1, 2], [3]]);
    expect(stats.refusedByNpi).toBe(1);
  });

  it('lets a steward must-link win over the guards and a cannot-link block a link', () => {
    const edges = [{ left: 1, right: 2, weight: 20 }];
    const npiOf = new Map([
      [1, 'A'],
      [2, 'B'],
    ]);
    const forced = clusterRows([1, 2], npiOf, [], { must: [[1, 2]], cannot: [] });
    expect([...forced.groups.values()]).toEqual([[1, 2]]);
    const blocked = clusterRows([1, 2], new Map(), edges, { must: [], cannot: [[1, 2]] });
    expect([...blocked.groups.values()]).toEqual([[1], [2]]);
  });

  it('reads a dedupe config block and rejects an unknown setting by name', () => {
    const s = resolveSettings({
      thresholds: { link: 0.999 },
      survivorship: { fields: { phone: ['recency'] }, sourcePriority: ['plan-a.csv'] },
    });
    expect(s.thresholds).toEqual({ link: 0.999, review: 0.5 });
    expect(s.survivorship.fields.phone).toEqual(['recency']);
    expect(() => resolveSettings({ treshold: 1 })).toThrow(/dedupe.treshold/);
    expect(() => resolveSettings({ thresholds: { link: 0.4, review: 0.6 } })).toThrow(/review/);
  });
});
