import type { Comparison } from './compare.js';

/** One observed comparison vector (level index per comparison, -1 missing) and its count. */
export interface Pattern {
  levels: number[];
  n: number;
}

export interface EmResult {
  m: number[][];
  /** Share of candidate pairs that are matches. */
  lambda: number;
  iterations: number;
  converged: boolean;
}

export interface EmOptions {
  maxIterations: number;
  tolerance: number;
  /** Pseudo-count toward the starting m, so a small roster keeps sensible values. */
  priorWeight: number;
  /** Comparison index -> level probabilities held fixed (from config). */
  fixed: ReadonlyMap<number, number[]>;
}

const FLOOR = 1e-6;
/** Starting share of matches among candidate pairs, and the value a tiny roster keeps. */
const PRIOR_LAMBDA = 0.2;

/**
 * Fellegi-Sunter EM over the distinct comparison vectors of the candidate pairs, estimating m
 * and the match share with u held fixed. u comes from random pairs, where almost every pair is
 * a non-match; fixing it keeps EM from drifting to "same practice" as its second class.
 */
export function estimateM(
  patterns: readonly Pattern[],
  comparisons: readonly Comparison[],
  u: readonly number[][],
  opts: EmOptions,
): EmResult {
  const start = comparisons.map((c, i) => opts.fixed.get(i) ?? c.levels.map((l) => l.m));
  let m = start.map((row) => [...row]);
  let lambda = PRIOR_LAMBDA;
  for (let it = 1; it <= opts.maxIterations; it++) {
    const { counts, totals, matched, all } = expectation(patterns, m, u, lambda);
    const next = m.map((row, c) => {
      if (opts.fixed.has(c) || comparisons[c].fixedM) return row;
      const k = opts.priorWeight;
      return normalize(row.map((_, l) => (counts[c][l] + k * start[c][l]) / (totals[c] + k)));
    });
    const moved = Math.max(...next.flatMap((row, c) => row.map((p, l) => Math.abs(p - m[c][l]))));
    m = next;
    lambda = clamp((matched + opts.priorWeight * PRIOR_LAMBDA) / (all + opts.priorWeight));
    if (moved < opts.tolerance) return { m, lambda, iterations: it, converged: true };
  }
  return { m, lambda, iterations: opts.maxIterations, converged: false };
}

function expectation(
  patterns: readonly Pattern[],
  m: number[][],
  u: readonly number[][],
  lambda: number,
) {
  const counts = m.map((row) => row.map(() => 0));
  const totals = m.map(() => 0);
  let matched = 0;
  let all = 0;
  for (const p of patterns) {
    let pm = lambda;
    let pu = 1 - lambda;
    p.levels.forEach((l, c) => {
      if (l < 0) return;
      pm *= m[c][l];
      pu *= u[c][l];
    });
    const w = (pm / (pm + pu)) * p.n;
    matched += w;
    all += p.n;
    p.levels.forEach((l, c) => {
      if (l < 0) return;
      counts[c][l] += w;
      totals[c] += w;
    });
  }
  return { counts, totals, matched, all };
}

/**
 * u per level from the level counts of random pairs, smoothed toward the starting u with
 * `priorWeight` pseudo-pairs; a level never seen among random pairs keeps a small u.
 */
export function estimateU(
  counts: readonly number[][],
  comparisons: readonly Comparison[],
  priorWeight: number,
  fixed: ReadonlyMap<number, number[]>,
): number[][] {
  return comparisons.map((c, i) => {
    const given = fixed.get(i);
    if (given) return given;
    const row = counts[i] ?? [];
    const total = row.reduce((a, b) => a + b, 0);
    return normalize(
      c.levels.map((l, k) => ((row[k] ?? 0) + priorWeight * l.u) / (total + priorWeight)),
    );
  });
}

function normalize(row: number[]): number[] {
  const floored = row.map((p) => Math.max(p, FLOOR));
  const sum = floored.reduce((a, b) => a + b, 0);
  return floored.map((p) => p / sum);
}

function clamp(p: number): number {
  return Math.min(Math.max(p, 1e-6), 1 - 1e-6);
}
