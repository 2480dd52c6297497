import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { openContext, type OpenedContext } from '../../src/pipeline/context.js';
import { loadRoster, type LoadResult } from '../../src/pipeline/load-roster.js';
import { ensureWorkspace } from '../../src/store/workspace.js';
import { tempContext } from '../helpers/workspace.js';
import { rejection, tempFile } from '../sources/roster/read-helpers.js';

const HEADER =
  'Provider NPI,Entity Type,Last Name,First Name,Middle Name,Organization Name,Credential,' +
  'Date of Birth,Sex,Taxonomy Code,License Number,License State,Group NPI,Group Name,' +
  'Address Line 1,Address Line 2,City,State,ZIP,Phone,Effective Date';

/** Six data records (two rejected, one ragged, one unterminated at EOF) and a blank line. */
const ROSTER = [
  HEADER,
  '1234567893,Individual,Muñoz,José,,,MD,03/04/1971,M,207Q00000X,00A7731,OH,1234567000,' +
    'Valley Group,12 Oak St,"Suite 4\r\nBack",Columbus,Ohio,02134,(614) 555-0100,01/01/2024',
  '1234567890,Individual,Lind,Ana,,,,02/30/1980,F,207Q00000X,,OH,,,1 Elm,,Dayton,OH,45402,,',
  '',
  '1234567000,Organization,,,,Valley Clinic,,,,261QP2300X,,,,,9 Pine,,Akron,OH,44301-1234,,',
  '1987654302,Individual,Okafor',
  '1003000126,I,Ng,Al,,,,1/2/1990,F,999999999X,,,,,,,,Zz,,,',
  '1234567893,Individual,"Lind,Ana',
].join('\r\n');

const CHILD = fileURLToPath(new URL('../fixtures/roster/load-child.ts', import.meta.url));

let ctx: OpenedContext;
afterEach(() => ctx?.close());

const count = (table: string, batchId: string) =>
  (
    ctx.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE batch_id = ?`).get(batchId) as {
      n: number;
    }
  ).n;

async function loadOnce(text = ROSTER, opts = {}): Promise<LoadResult> {
  ctx = tempContext();
  return loadRoster(ctx, tempFile(text), opts);
}

describe('loadRoster', () => {
  it('accounts for every row: read = loaded + rejected + skipped', async () => {
    const r = await loadOnce();
    expect(r.rows).toEqual({ read: 7, loaded: 3, rejected: 3, skipped: 1 });
    expect(r.rows.read).toBe(r.rows.loaded + r.rows.rejected + r.rows.skipped);
    expect(r.batchId).toMatch(/^b-[0-9a-f]{12}$/);
    expect(r.duplicateOf).toBeNull();
    expect(count('roster_rows', r.batchId)).toBe(3);
    expect(count('rejected_rows', r.batchId)).toBe(3);
    expect(count('findings', r.batchId)).toBe(r.findingsTotal);
  });

  it('stores loaded rows normalised, with their record and start line', async () => {
    const r = await loadOnce();
    const rows = ctx.db
      .prepare(
        'SELECT record, line, npi, entity_type, dob, zip, state FROM roster_rows ORDER BY record',
      )
      .all();
    expect(rows).toEqual([
      {
        record: 1,
        line: 2,
        npi: '1234567893',
        entity_type: 'individual',
        dob: '1971-03-04',
        zip: '02134',
        state: 'OH',
      },
      {
        record: 3,
        line: 6,
        npi: '1234567000',
        entity_type: 'organization',
        dob: null,
        zip: '44301-1234',
        state: 'OH',
      },
      {
        record: 5,
        line: 8,
        npi: '1003000126',
        entity_type: 'individual',
        dob: '1990-01-02',
        zip: null,
        state: 'Zz',
      },
    ]);
    const batch = ctx.db.prepare('SELECT * FROM roster_batches WHERE id = ?').get(r.batchId);
    expect(batch).toMatchObject({
      rows_read: 7,
      rows_loaded: 3,
      rows_rejected: 3,
      rows_skipped: 1,
    });
  });

  it('stores rejected rows as raw JSON with findings giving the reasons', async () => {
    const r = await loadOnce();
    const rejected = ctx.db
      .prepare('SELECT record, line, raw FROM rejected_rows WHERE batch_id = ? ORDER BY record')
      .all(r.batchId) as { record: number; line: number; raw: string }[];
    expect(rejected.map((x) => [x.record, x.line])).toEqual([
      [2, 4],
      [4, 7],
      [6, 9],
    ]);
    expect(JSON.parse(rejected[0].raw)).toMatchObject({
      'Provider NPI': '1234567890',
      'Date of Birth': '02/30/1980',
    });
    expect(JSON.parse(rejected[1].raw)).toEqual({
      'Provider NPI': '1987654302',
      'Entity Type': 'Individual',
      'Last Name': 'Okafor',
    });
    expect(JSON.parse(rejected[2].raw)).toEqual({
      '(unparsed)': '1234567893,Individual,"Lind,Ana',
    });

    const errors = r.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.code, f.record, f.line, f.field])).toEqual([
      ['E_NPI_CHECKDIGIT', 2, 4, 'npi'],
      ['E_DATE', 2, 4, 'dob'],
      ['E_FIELD_COUNT', 4, 7, undefined],
      ['E_QUOTE_NOT_CLOSED', 6, 9, undefined],
    ]);
    expect(errors.every((f) => f.file.endsWith('.csv'))).toBe(true);
  });

  it('keeps rows with warnings and counts findings beyond the first page', async () => {
    const r = await loadOnce();
    const warnings = r.findings.filter((f) => f.severity === 'warning').map((f) => f.code);
    expect(warnings).toEqual(['W_TAXONOMY', 'W_STATE']);
    expect(r.findingsTotal).toBe(6);
  });

  it('does nothing on a second load of the same bytes, naming the batch holding them', async () => {
    const first = await loadOnce();
    const path = tempFile(ROSTER, 'renamed.csv');
    const changes = ctx.db.prepare('SELECT total_changes() AS n');
    const before = (changes.get() as { n: number }).n;
    const again = await loadRoster(ctx, path);
    expect((changes.get() as { n: number }).n).toBe(before);
    expect(again).toMatchObject({
      batchId: first.batchId,
      duplicateOf: first.batchId,
      rows: first.rows,
    });
    expect(again.findings).toEqual(first.findings);
    expect(again.findingsTotal).toBe(first.findingsTotal);
  });

  it('loads the same bytes again as a new batch with force', async () => {
    const first = await loadOnce();
    const forced = await loadRoster(ctx, tempFile(ROSTER), { force: true });
    expect(forced.duplicateOf).toBeNull();
    expect(forced.batchId).toBe(`${first.batchId}-2`);
    expect(count('roster_rows', forced.batchId)).toBe(3);
    const third = await loadRoster(ctx, tempFile(ROSTER), { force: true });
    expect(third.batchId).toBe(`${first.batchId}-3`);
  });

  it('flags a reject rate above the limit but still stores the batch', async () => {
    const r = await loadOnce(ROSTER, { maxRejectRate: 0.4 });
    expect(r.rejectRateExceeded).toBe(true);
    expect(count('roster_rows', r.batchId)).toBe(3);
    const ok = await loadRoster(ctx, tempFile(ROSTER), { maxRejectRate: 0.5 });
    expect(ok.rejectRateExceeded).toBe(false);
  });

  it('writes nothing when the file fails as a whole midway', async () => {
    // Far more than one 64 KiB read chunk of good rows comes first, so rows are already
    // inserted inside the transaction when the bad byte arrives.
    const good = `1234567000,O,,,,Clinic${','.repeat(15)}\r\n`.repeat(5000);
    const bad = Buffer.concat([
      Buffer.from(`${HEADER}\r\n${good}`),
      Buffer.from([0xe9, 0x0d, 0x0a]),
    ]);
    ctx = tempContext();
    let rowsSeen = 0;
    const err = await rejection(
      loadRoster(ctx, tempFile(bad), { onProgress: (n) => (rowsSeen = n) }),
    );
    expect(rowsSeen).toBeGreaterThan(1000);
    expect(err).toMatchObject({ code: 'E_ENCODING', exit: ExitCode.usage });
    expect(err.location).toMatchObject({ line: 5002, column: 1 });
    expect(ctx.db.inTransaction).toBe(false);
    for (const t of ['roster_batches', 'roster_rows', 'rejected_rows', 'findings']) {
      expect(ctx.db.prepare(`SELECT count(*) AS n FROM ${t}`).get(), t).toEqual({ n: 0 });
    }
  });

  it('refuses files that cannot be loaded as a whole with exit 2', async () => {
    ctx = tempContext();
    const cases: [string, string][] = [
      ['', 'E_EMPTY'],
      [`${HEADER}\r\n`, 'E_EMPTY'],
      ['City,State\r\nAkron,OH\r\n', 'E_MISSING_COLUMN'],
    ];
    for (const [text, code] of cases) {
      const err = await rejection(loadRoster(ctx, tempFile(text)));
      expect(err, code).toMatchObject({ code, exit: ExitCode.usage });
    }
    const missing = await rejection(loadRoster(ctx, '/nonexistent/roster.csv'));
    expect(missing).toMatchObject({ code: 'E_FILE_NOT_FOUND', exit: ExitCode.usage });
    const rate = await rejection(loadRoster(ctx, tempFile(ROSTER), { maxRejectRate: 2 }));
    expect(rate).toMatchObject({ code: 'E_OPTION' });
  });

  it('reports columns the profile does not know as file-level warnings', async () => {
    const r = await loadOnce('NPI,Last Name,First Name,Shoe Size\n1234567893,Lind,Ana,9\n');
    expect(r.rows).toEqual({ read: 1, loaded: 1, rejected: 0, skipped: 0 });
    expect(r.findings).toEqual([
      {
        code: 'W_UNKNOWN_COLUMN',
        severity: 'warning',
        file: expect.stringMatching(/\.csv$/),
        line: 1,
        message: "column 'Shoe Size' is not known to the roster profile; not loaded",
      },
    ]);
  });
});

describe('loadRoster when killed', () => {
  it('leaves no trace of a batch whose process died in the middle of the load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'credkit-kill-'));
    const row = '1234567000,O,,,,Clinic' + ','.repeat(15) + '\r\n';
    const file = tempFile(`${HEADER}\r\n${row.repeat(200_000)}`);
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    await new Promise<void>((done) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/rows [1-9]\d{4}/.test(out)) child.kill('SIGKILL');
      });
      child.on('exit', () => done());
    });
    expect(out).toMatch(/rows [1-9]\d{4}/);
    expect(out).not.toContain('done');

    ctx = openContext(ensureWorkspace(dir), 'test');
    expect(ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const t of ['roster_batches', 'roster_rows', 'findings']) {
      expect(ctx.db.prepare(`SELECT count(*) AS n FROM ${t}`).get(), t).toEqual({ n: 0 });
    }
  });
});
