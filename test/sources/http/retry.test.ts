import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, summariseBody } from '../../../src/sources/http/retry.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-01T04:00:00Z');

  it('reads delta-seconds without clamping long waits', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('86400', now)).toBe(86_400_000);
  });

  it('reads an HTTP-date as the time left, and 0 once it has passed', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 04:02:00 GMT', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 03:00:00 GMT', now)).toBe(0);
  });

  it('gives undefined, never NaN, for absent or malformed values', () => {
    for (const v of [undefined, '', 'soon', '-5', '1.5', 'Mon, 99 Foo 2026']) {
      expect(parseRetryAfter(v, now)).toBeUndefined();
    }
  });
});

describe('backoffDelay', () => {
  it('doubles from the base with jitter and stays under the cap', () => {
    const b = { baseMs: 100, capMs: 1000 };
    expect(backoffDelay(0, { ...b, random: () => 0 })).toBe(50);
    expect(backoffDelay(2, { ...b, random: () => 0.999 })).toBeLessThanOrEqual(400);
    expect(backoffDelay(2, { ...b, random: () => 0 })).toBe(200);
    expect(backoffDelay(40, { ...b, random: () => 0.999 })).toBeLessThanOrEqual(1000);
  });
});

describe('summariseBody', () => {
  it('strips markup and keeps the first 200 characters', () => {
    expect(summariseBody('<html><h1>Bad  Gateway</h1></html>')).toBe('Bad Gateway');
    expect(summariseBody('x'.repeat(500))).toHaveLength(201);
  });
});
