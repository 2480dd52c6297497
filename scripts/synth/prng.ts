/**
 * Seeded pseudo-random numbers for the fixture generators. Math.random is never used, so the
 * same seed always writes the same bytes.
 */

/** Mixes integers into one 32-bit seed (a murmur3-style finaliser over each part). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast and good enough for test data (not for anything secret). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A string of `n` decimal digits (leading zeros kept). */
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}

/** Streams of the world; each gets its own sequence so adding draws to one never shifts another. */
export const STREAM = {
  provider: 1,
  plan: 2,
  nppes: 3,
  leie: 4,
  sam: 5,
  leieAction: 6,
  samAction: 7,
  endpoint: 8,
} as const;

/** The generator for one item (`index`) of one stream, independent of every other item. */
export function rngFor(seed: number, stream: number, index: number): Rng {
  return new Rng(mixSeed(seed, stream, index));
}
