import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunLog } from '../src/log.js';

describe('RunLog', () => {
  it('writes one JSON event per line with the run id', () => {
    const log = new RunLog(mkdtempSync(join(tmpdir(), 'credkit-log-')), 'run-1');
    log.event('info', 'a', { n: 1 });
    log.event('warn', 'b');
    const lines = readFileSync(log.path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.runId, l.level, l.event])).toEqual([
      ['run-1', 'info', 'a'],
      ['run-1', 'warn', 'b'],
    ]);
  });

  it('never writes names, dates of birth, SSNs or keys, and drops URL query strings', () => {
    const log = new RunLog(mkdtempSync(join(tmpdir(), 'credkit-log-')), 'run-2');
    log.event('info', 'row', {
      firstName: 'Ada',
      last_name: 'Okafor',
      dob: '1971-03-04',
      ssn: '900-12-3456',
      apiKey: 'k-secret',
      url: 'https://api.example/x?api_key=k-secret&ssnOrTinOrEin=900123456',
      nested: { fullName: 'Ada Okafor' },
    });
    const text = readFileSync(log.path, 'utf8');
    for (const secret of ['Ada', 'Okafor', '1971', '900-12-3456', '900123456', 'k-secret']) {
      expect(text).not.toContain(secret);
    }
    expect(JSON.parse(text).url).toBe('https://api.example/x?…');
  });
});
