import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '../../bin/credkit');

function credkit(args: string[]) {
  return spawnSync(BIN, args, { encoding: 'utf8' });
}

describe('credkit command errors', () => {
  it('answers a usage error under --json with exit 2 and one small error document', () => {
    const r = credkit(['roster', 'load', '--bogus', 'x.csv', '--json']);
    expect(r.status).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc).toEqual({
      error: { code: 'E_USAGE', message: expect.stringContaining('--bogus'), exit: 2 },
    });
  });

  it('refuses a workspace path that is a file as a usage error', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'credkit-ws-')), 'not-a-dir');
    writeFileSync(file, 'x');
    const r = credkit(['init', '--workspace', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('E_WORKSPACE');
  });

  it('records a failed command in the run log with its code and exit, not its message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'credkit-fail-'));
    const roster = join(dir, 'dup.csv');
    writeFileSync(roster, 'NPI,Last Name,NPI\n1234567893,Lind,1987654302\n');
    const ws = join(dir, 'ws');
    const r = credkit(['roster', 'load', roster, '--workspace', ws]);
    expect(r.status).toBe(2);
    const logs = readdirSync(join(ws, 'logs')).map((f) =>
      readFileSync(join(ws, 'logs', f), 'utf8'),
    );
    const events = logs
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.at(-1)).toMatchObject({ event: 'command.failed', code: 'E_DUP_HEADER', exit: 2 });
  });
});
