import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { keyAction, openKeySession } from '../../src/pipeline/steward-keys.js';
import { reviewSession } from '../../src/pipeline/steward-session.js';
import { listDecisions } from '../../src/pipeline/steward.js';
import { insertPairs, openStewardWorld, type StewardWorld } from './steward-helpers.js';

/** Stands in for a TTY stdin: records every raw-mode switch. */
class FakeTty extends PassThrough {
  isTTY = true;
  isRaw = false;
  modes: boolean[] = [];
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    this.modes.push(mode);
    return this;
  }
}

let world: StewardWorld | undefined;
afterEach(() => {
  world?.cleanup();
  world = undefined;
});

describe('review keys', () => {
  it('maps one key to each action and ignores the rest', () => {
    expect(['m', 'n', 's', 'q', 'M', '\u0003', '\u0004'].map(keyAction)).toEqual([
      'match',
      'no-match',
      'skip',
      'quit',
      'match',
      'quit',
      'quit',
    ]);
    expect(keyAction('x')).toBeNull();
    expect(keyAction('\r')).toBeNull();
  });

  it('switches to raw mode, answers key by key and restores the terminal on close', async () => {
    const tty = new FakeTty();
    const keys = openKeySession(tty, new EventEmitter());
    expect(tty.modes).toEqual([true]);
    tty.write('xm');
    tty.write('n');
    expect(await keys.next()).toBe('match');
    expect(await keys.next()).toBe('no-match');
    const later = keys.next();
    tty.write('s');
    expect(await later).toBe('skip');
    keys.close();
    keys.close();
    expect(tty.modes).toEqual([true, false]);
    expect(tty.listenerCount('data')).toBe(0);
    expect(await keys.next()).toBe('quit');
  });

  it('keeps a terminal that was already raw in raw mode after close', () => {
    const tty = new FakeTty();
    tty.isRaw = true;
    openKeySession(tty, new EventEmitter()).close();
    expect(tty.modes).toEqual([true, true]);
  });

  it('quits on Ctrl-C and on end of input', async () => {
    const tty = new FakeTty();
    const keys = openKeySession(tty, new EventEmitter());
    tty.write('\u0003');
    expect(await keys.next()).toBe('quit');
    tty.end();
    expect(await keys.next()).toBe('quit');
    keys.close();
  });

  it('restores the terminal when the process exits or is signalled mid-review', async () => {
    for (const event of ['exit', 'SIGTERM', 'SIGINT']) {
      const tty = new FakeTty();
      const proc = new EventEmitter();
      const keys = openKeySession(tty, proc);
      const waiting = keys.next();
      proc.emit(event);
      expect(tty.modes).toEqual([true, false]);
      expect(proc.eventNames()).toEqual([]);
      expect(await waiting).toBe('quit');
    }
  });
});

describe('interactive review session', () => {
  it('records each answer as it is given, skips on s and stops on q', async () => {
    world = openStewardWorld();
    insertPairs(world);
    const tty = new FakeTty();
    const keys = openKeySession(tty, new EventEmitter());
    const screens: string[] = [];
    tty.write('nsq');
    const r = await reviewSession(world.ctx, keys, (t) => screens.push(t));
    expect(r).toMatchObject({ shown: 3, skipped: 1, remaining: 2 });
    expect(r.decided.map((d) => [d.kind, d.pairId])).toEqual([['no-match', 'pr-top']]);
    expect(listDecisions(world.ctx.db)).toHaveLength(1);
    expect(screens.filter((s) => s.includes('[m] match'))).toHaveLength(3);
    expect(screens[0]).toContain('Pair 1 of 3  pr-top');
    expect(tty.modes).toEqual([true, false]);
  });

  it('applies nothing and records nothing when the steward quits at once', async () => {
    world = openStewardWorld();
    insertPairs(world);
    const tty = new FakeTty();
    const keys = openKeySession(tty, new EventEmitter());
    tty.write('q');
    const r = await reviewSession(world.ctx, keys, () => undefined);
    expect(r).toMatchObject({ shown: 1, decided: [], skipped: 0, remaining: 3, applied: false });
  });
});
