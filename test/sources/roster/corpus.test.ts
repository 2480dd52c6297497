/**
 * The bad-input corpus (reliability.md Part 3, I1): every fixture under
 * test/fixtures/roster/corpus either fails as a whole with one exact error line, or loads with
 * exact row counts, exact findings (code, record, line, field) and, where the point of the
 * fixture is a repair, the exact stored values. No case may hang or surface a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CredkitError, ExitCode } from '../../../src/errors.js';
import type { Finding } from '../../../src/model.js';
import type { OpenedContext } from '../../../src/pipeline/context.js';
import {
  loadRoster,
  type LoadResult,
  type LoadRosterOptions,
} from '../../../src/pipeline/load-roster.js';
import { MAX_RECORD_CHARS } from '../../../src/sources/roster/csv.js';
import { tempContext } from '../../helpers/workspace.js';
import { FAILS, LOADS } from './corpus-cases.js';
import { tempFile } from './read-helpers.js';

const CORPUS = join(import.meta.dirname, '../../fixtures/roster/corpus');

/** Most any single case may take; a slower one counts as a hang (I1: none over 2 s). */
const HANG_MS = 2000;

let ctx: OpenedContext | undefined;
afterEach(() => {
  ctx?.close();
  ctx = undefined;
});

function load(path: string, opts: LoadRosterOptions = {}): Promise<LoadResult> {
  ctx = tempContext();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`load hung over ${HANG_MS} ms`)), HANG_MS);
  });
  return Promise.race([loadRoster(ctx, path, opts), hang]).finally(() => clearTimeout(timer));
}

async function failure(path: string, opts?: LoadRosterOptions): Promise<CredkitError> {
  const err = await load(path, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  // A plain Error here would reach the user as a stack trace.
  expect(err).toBeInstanceOf(CredkitError);
  return err as CredkitError;
}

function findingText(f: Finding): string {
  const record = f.record === undefined ? '' : ` record ${f.record}`;
  const field = f.field === undefined ? '' : ` [${f.field}]`;
  return `${f.code}${record} (line ${f.line})${field}`;
}

function storedRow(record: number): Record<string, unknown> {
  const row = ctx?.db.prepare('SELECT * FROM roster_rows WHERE record = ?').get(record);
  expect(row, `record ${record} stored`).toBeDefined();
  return row as Record<string, unknown>;
}

/** Surnames and the canary SSN the fixtures use; no message may quote them (S1). */
const PERSONAL = /Lind|Okafor|Smith|Brien|Peña|MUÑOZ|900-12-3456/;

describe('roster bad-input corpus', () => {
  it('has a table entry for every fixture file, and at least 45 of them', () => {
    const files = readdirSync(CORPUS).sort();
    const covered = [...FAILS, ...LOADS].map((c) => c.file).sort();
    expect(covered).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(45);
  });

  it.each(FAILS)('refuses $file as a whole with one line: $error', async (c) => {
    const err = await failure(join(CORPUS, c.file), c.opts);
    expect(err.exit).toBe(ExitCode.usage);
    expect(err.toLine().startsWith(`${c.error}: `)).toBe(true);
    expect(err.toLine()).not.toMatch(/\n|\s+at\s+\S+:\d+/);
    expect(err.toLine()).not.toMatch(PERSONAL);
  });

  it.each(LOADS)('loads $file with exact counts and findings', async (c) => {
    const r = await load(join(CORPUS, c.file), c.opts);
    expect(r.rows).toEqual(c.rows);
    expect(r.rows.read).toBe(r.rows.loaded + r.rows.rejected + r.rows.skipped);
    expect(r.findings.map(findingText)).toEqual(c.findings);
    expect(r.findingsTotal).toBe(c.findings.length);
    expect(JSON.stringify(r.findings)).not.toMatch(PERSONAL);
    for (const [record, columns] of Object.entries(c.stored ?? {})) {
      expect(storedRow(Number(record))).toMatchObject(columns);
    }
  });

  it('refuses a record over 1 MiB with E_RECORD_TOO_LARGE at its line (I4)', async () => {
    const long = 'x'.repeat(MAX_RECORD_CHARS + 10);
    const path = tempFile(`NPI,Last Name,First Name\n1234567893,Lind,Ana\n1987654302,${long},A\n`);
    const err = await failure(path);
    expect(err.exit).toBe(ExitCode.usage);
    expect(err.toLine()).toMatch(/^E_RECORD_TOO_LARGE roster\.csv \(line 3\): /);
  });

  it('stores no SSN: the raw copy of a rejected row has the SSN cell redacted', async () => {
    const r = await load(join(CORPUS, 'r-ssn-column.csv'));
    const raw = ctx?.db
      .prepare('SELECT raw FROM rejected_rows WHERE batch_id = ?')
      .get(r.batchId) as { raw: string };
    expect(JSON.parse(raw.raw)).toMatchObject({ NPI: '1234567890', SSN: '[redacted]' });
    const dump = JSON.stringify(ctx?.db.prepare('SELECT * FROM findings').all());
    expect(raw.raw + dump).not.toMatch(/900-?12-?3456/);
  });
});

describe('roster bad inputs through the built CLI', () => {
  const BIN = join(import.meta.dirname, '../../../bin/credkit');
  const cli = (file: string, ...flags: string[]) => {
    const ws = mkdtempSync(join(tmpdir(), 'credkit-corpus-'));
    const args = ['roster', 'load', join(CORPUS, file), '-w', ws, ...flags];
    return spawnSync(BIN, args, { encoding: 'utf8', timeout: 20_000 });
  };

  it.each([
    ['b04-empty.csv', 'E_EMPTY b04-empty.csv: file has no header and no records'],
    ['b05-dup-header.csv', "E_DUP_HEADER b05-dup-header.csv (line 1, col 3): header names 'NPI'"],
    ['b06-missing-required.csv', 'E_MISSING_COLUMN b06-missing-required.csv (line 1): missing'],
  ])('exits 2 on %s with one stderr line and no stack trace', (file, line) => {
    const r = cli(file);
    expect(r.status).toBe(ExitCode.usage);
    expect(r.stderr.startsWith(line)).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('exits 2 on a windows-1252 file read as UTF-8, the error line then the hint', () => {
    const r = cli('b02-cp1252-as-utf8.csv');
    expect(r.status).toBe(ExitCode.usage);
    const [first, hint, ...rest] = r.stderr.trimEnd().split('\n');
    expect(first).toMatch(/^E_ENCODING b02-cp1252-as-utf8\.csv \(line 2, col 13\): byte 0x92 /);
    expect(hint).toBe('  If the file came from Excel on Windows, try --encoding windows-1252.');
    expect(rest).toEqual([]);
  });

  it('loads the NPI junk file and exits 3 when rejects pass --max-reject-rate', () => {
    const r = cli('b13-npi-junk.csv', '--max-reject-rate', '0.5', '--json');
    expect(r.status).toBe(ExitCode.incomplete);
    expect(JSON.parse(r.stdout).rows).toEqual({ read: 8, loaded: 2, rejected: 6, skipped: 0 });
    expect(r.stderr).toBe('');
  });
});
