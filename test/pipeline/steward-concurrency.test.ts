import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { decidePair, listDecisions } from '../../src/pipeline/steward.js';
import { reviewQueue } from '../../src/pipeline/steward-review.js';
import { verifyAuditChain } from '../../src/store/audit.js';
import { insertPairs, openStewardWorld, type StewardWorld } from './steward-helpers.js';

const HOLD_MS = 1000;

/** The nightly job's side: another process that holds a write transaction for HOLD_MS. */
const NIGHTLY = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('busy_timeout = 10000');
db.exec('BEGIN IMMEDIATE');
db.prepare("INSERT INTO runs (id, command, started_at) VALUES ('nightly', 'run', 'now')").run();
process.stdout.write('locked\\n');
setTimeout(() => {
  db.exec('COMMIT');
  db.close();
  process.stdout.write('committed\\n');
}, ${HOLD_MS});
`;

let world: StewardWorld | undefined;
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill();
  world?.cleanup();
});

async function startNightly(dbPath: string): Promise<{ lines: string[]; exit: Promise<unknown> }> {
  child = spawn(process.execPath, ['-e', NIGHTLY, dbPath], { cwd: process.cwd() });
  const exit = once(child, 'close');
  const lines: string[] = [];
  const reader = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  await new Promise<void>((resolve, reject) => {
    reader.on('line', (line) => {
      lines.push(line);
      if (line === 'locked') resolve();
    });
    child?.on('exit', () => reject(new Error('nightly stand-in exited before locking')));
  });
  return { lines, exit };
}

describe('steward alongside the nightly job', () => {
  it('records a decision while the run holds the lock and a write transaction', async () => {
    world = openStewardWorld();
    insertPairs(world);
    const holder = { pid: process.pid, host: hostname(), started: 'now', command: 'run' };
    writeFileSync(world.ctx.ws.lockPath, JSON.stringify(holder));
    const nightly = await startNightly(world.ctx.ws.sqlitePath);

    const readStart = Date.now();
    expect(reviewQueue(world.ctx.db).total).toBe(3);
    expect(Date.now() - readStart).toBeLessThan(HOLD_MS / 2);

    const start = Date.now();
    const r = await decidePair(world.ctx, 'pr-top', 'match');
    const waited = Date.now() - start;
    const [code] = (await nightly.exit) as [number];

    expect(waited).toBeGreaterThanOrEqual(HOLD_MS / 2);
    expect(r.applied).toBe(false);
    expect(r.pendingReason).toMatch(/run in progress/);
    expect(code).toBe(0);
    expect(nightly.lines).toEqual(['locked', 'committed']);
    expect(world.ctx.db.prepare("SELECT id FROM runs WHERE id = 'nightly'").get()).toBeTruthy();
    expect(listDecisions(world.ctx.db)).toHaveLength(1);
    expect(verifyAuditChain(world.ctx.db)).toEqual({ ok: true, entries: 1 });
  });
});
