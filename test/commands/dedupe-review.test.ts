import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/sqlite.js';
import {
  NPI,
  insertPairs,
  openStewardWorld,
  type StewardWorld,
} from '../pipeline/steward-helpers.js';

const BIN = join(import.meta.dirname, '../../bin/credkit');

let world: StewardWorld;
let dir: string;
beforeEach(() => {
  world = openStewardWorld();
  insertPairs(world);
  dir = world.dir;
  // The commands open their own connections; this one only seeded the tables.
  world.ctx.db.close();
  world.ctx.close = () => undefined;
  // As if the nightly run held the workspace: decisions are recorded, not applied, so these
  // tests see the pairs they seeded rather than the matching engine's rescoring.
  const holder = { pid: process.pid, host: hostname(), started: 'now', command: 'run' };
  writeFileSync(world.ctx.ws.lockPath, JSON.stringify(holder));
});
afterEach(() => world.cleanup());

const env = { ...process.env, CREDKIT_ACTOR: 'steward-cli' };

/** Parsed `--json` output: its shape depends on the command. */
type CliResult = { status: number; json: ReturnType<typeof JSON.parse> };

/** Runs a command with --json; resolves with its exit status and parsed stdout. */
function credkit(...args: string[]): Promise<CliResult> {
  const argv = [...args, '--workspace', dir, '--json'];
  return new Promise((resolve) => {
    execFile(BIN, argv, { encoding: 'utf8', env }, (err, stdout) => {
      const status = err ? Number((err as { code?: unknown }).code) : 0;
      resolve({ status, json: JSON.parse(stdout) });
    });
  });
}

/**
 * Runs `dedupe review` in a pseudo-terminal (util-linux `script`), answering each prompt with
 * the next key, then prints the terminal settings the review left behind.
 */
function reviewInPty(keys: string[]): Promise<{ code: number | null; out: string }> {
  const cmd = `${BIN} dedupe review --workspace ${dir}; stty -a`;
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env });
  let out = '';
  let prompts = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const seen = out.split('[m] match').length - 1;
    while (prompts < seen && prompts < keys.length) child.stdin.write(keys[prompts++]);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}

describe('credkit dedupe review and decisions', () => {
  it('prints the waiting pairs and their total as JSON when not on a terminal', async () => {
    const r = await credkit('dedupe', 'review', '--limit', '2');
    expect(r.status).toBe(0);
    expect(r.json.total).toBe(3);
    expect(r.json.pairs.map((p: { id: string }) => p.id)).toEqual(['pr-top', 'pr-mid']);
    expect(r.json.pairs[0].left.birthYear).toBe('1980');
  });

  it('records a decision during a run, defers it, drops the pair, and audits it', async () => {
    const r = await credkit('dedupe', 'decide', 'pr-top', 'no-match', '--note', 'two people');
    expect(r.status).toBe(0);
    expect(r.json.decision).toMatchObject({ kind: 'no-match', actor: 'steward-cli' });
    expect(r.json.applied).toBe(false);
    expect(r.json.pendingReason).toMatch(/run in progress/);
    expect((await credkit('dedupe', 'review')).json.total).toBe(2);
    expect((await credkit('audit', 'verify')).json).toEqual({ ok: true, entries: 1 });
    const db = openSqlite(world.ctx.ws.sqlitePath);
    db.prepare(`UPDATE audit_log SET actor = 'someone-else'`).run();
    db.close();
    const tampered = await credkit('audit', 'verify');
    expect([tampered.status, tampered.json.broken]).toEqual([
      1,
      { id: 1, reason: 'hash-mismatch' },
    ]);
  });

  it('exits 2 with a stable code for unknown pairs, masters and non-members', async () => {
    const cases: [string[], string][] = [
      [['dedupe', 'decide', 'pr-nope', 'match'], 'E_PAIR_NOT_FOUND'],
      [['dedupe', 'merge', world.masters.ana, 'p-ffffffffffffffff'], 'E_MASTER_NOT_FOUND'],
      [
        ['dedupe', 'split', world.masters.ana, '--member', String(world.rows.li)],
        'E_ROW_NOT_MEMBER',
      ],
      [['provider', 'show', '1999999999'], 'E_MASTER_NOT_FOUND'],
    ];
    const results = await Promise.all(cases.map(([args]) => credkit(...args)));
    expect(results.map((r) => [r.status, r.json.error.code])).toEqual(
      cases.map(([, code]) => [2, code]),
    );
  });

  it('shows a provider by NPI with its members and checks, year of birth only', async () => {
    const r = await credkit('provider', 'show', NPI.a);
    expect(r.status).toBe(0);
    expect(r.json.master.id).toBe(world.masters.ana);
    expect(r.json.master.record).toMatchObject({ birthYear: '1980' });
    expect(r.json.master.record.dob).toBeUndefined();
    expect(r.json.members).toHaveLength(2);
    expect(r.json.checks).toHaveLength(3);
  });

  it('takes one key per pair on a terminal and restores the terminal afterwards', async () => {
    const r = await reviewInPty(['n', 's', 'q']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Pair 1 of 3  pr-top');
    expect(r.out).toContain('Reviewed 3: 1 decided, 1 skipped.');
    expect(r.out).toContain('Decisions take effect on the next dedupe run (run in progress');
    expect(r.out).toMatch(/(^|\s)icanon(\s|$)/m);
    expect(r.out).toMatch(/(^|\s)echo(\s|$)/m);
    const queue = (await credkit('dedupe', 'review')).json;
    expect(queue.pairs.map((p: { id: string }) => p.id)).toEqual(['pr-mid', 'pr-low']);
  });

  it('quits on Ctrl-C at the first pair, records nothing and restores the terminal', async () => {
    const r = await reviewInPty(['\u0003']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Reviewed 1: 0 decided, 0 skipped.');
    expect(r.out).not.toMatch(/-icanon|-echo\s/);
    expect((await credkit('dedupe', 'review')).json.total).toBe(3);
  });
});
