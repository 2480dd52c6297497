import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import type { OpenedContext } from '../../../src/pipeline/context.js';
import { loadRoster } from '../../../src/pipeline/load-roster.js';
import type { RosterItem } from '../../../src/sources/roster/csv.js';
import { openRoster } from '../../../src/sources/roster/open.js';
import type { ProfileSource } from '../../../src/sources/roster/profiles.js';
import { numberText } from '../../../src/sources/roster/xlsx-cells.js';
import { writeRosterXlsx } from '../../fixtures/roster/make-xlsx.js';
import { tempContext } from '../../helpers/workspace.js';
import { rejection, tempFile } from './read-helpers.js';

let book: string;
beforeAll(async () => {
  book = join(mkdtempSync(join(tmpdir(), 'credkit-xlsx-')), 'roster.xlsx');
  await writeRosterXlsx(book);
});

let ctx: OpenedContext | undefined;
afterEach(() => ctx?.close());

async function readXlsx(source: ProfileSource = {}, path = book) {
  const reader = await openRoster(path, { encoding: 'utf-8', source });
  const items: RosterItem[] = [];
  for await (const item of reader.items) items.push(item);
  return { header: reader.header, items };
}

const records = (items: RosterItem[]) => items.flatMap((i) => (i.kind === 'record' ? [i] : []));

describe('xlsx roster reader', () => {
  it('reads the first sheet, taking the first non-empty row as the header', async () => {
    const { header, items } = await readXlsx();
    expect(header).toEqual([
      'NPI',
      'Last Name',
      'First Name',
      'Date of Birth',
      'License Number',
      'ZIP',
      'Phone',
      'Effective Date',
    ]);
    expect(records(items).map((r) => [r.record, r.line])).toEqual([
      [1, 4],
      [2, 5],
      [3, 7],
    ]);
  });

  it('keeps text cells as typed and writes numbers out in full', async () => {
    const [first] = records((await readXlsx()).items);
    expect(first.values[0]).toBe('1234567018');
    expect(first.values[4]).toBe('00A7731');
    expect(first.values[5]).toBe('02134');
    expect(first.values[6]).toBe('6145550100');
  });

  it('turns Excel date cells into ISO dates and leaves typed dates as text', async () => {
    const rows = records((await readXlsx()).items);
    expect(rows[0].values[3]).toBe('1972-05-14');
    expect(rows[0].values[7]).toBe('2024-01-01');
    expect(rows[1].values[3]).toBe('02/30/1980');
    expect(rows[2].values[3]).toBe('1990-12-31');
  });

  it('pads numbers formatted as zeros and reads rich text and formula results', async () => {
    const rows = records((await readXlsx()).items);
    expect(rows[1].values[5]).toBe('43604');
    expect(rows[2].values[5]).toBe('01234');
    expect(rows[2].values[1]).toBe('Reyes');
  });

  it('pads short rows to the header width', async () => {
    const rows = records((await readXlsx()).items);
    expect(rows[2].values).toHaveLength(8);
    expect(rows[2].values[7]).toBe('');
  });

  it('selects a sheet by name or by position', async () => {
    const byName = await readXlsx({ sheet: 'Groups' });
    const byPosition = await readXlsx({ sheet: '2' });
    expect(byName.header).toEqual(['NPI', 'Organization Name', 'Entity Type']);
    expect(byPosition).toEqual(byName);
    expect(records(byName.items).map((r) => r.line)).toEqual([2, 3]);
  });

  it('takes the header from the profile row when one is given', async () => {
    const { header, items } = await readXlsx({ sheet: 'Groups', headerRow: 2 });
    expect(header[1]).toBe('Valley Family Clinic');
    expect(records(items)).toHaveLength(1);
  });

  it('names the sheets there are when the one asked for is missing', async () => {
    const err = await rejection(readXlsx({ sheet: 'Practitioners' }));
    expect(err.code).toBe('E_SHEET');
    expect(err.exit).toBe(ExitCode.usage);
    expect(err.message).toContain("'Roster', 'Groups'");
  });

  it('refuses a file that is not a zip, naming it, with exit 2', async () => {
    const path = tempFile('NPI,Last Name\n1234567018,Quill\n', 'fake.xlsx');
    const err = await rejection(readXlsx({}, path));
    expect(err).toMatchObject({ code: 'E_XLSX', exit: ExitCode.usage });
    expect(err.location).toMatchObject({ file: 'fake.xlsx' });
  });

  it('refuses a damaged workbook with E_XLSX', async () => {
    const cut = readFileSync(book).subarray(0, 2000);
    const path = tempFile(cut, 'cut.xlsx');
    const err = await rejection(readXlsx({}, path));
    expect(err).toMatchObject({ code: 'E_XLSX', exit: ExitCode.usage });
    expect(err.location).toMatchObject({ file: 'cut.xlsx' });
  });

  it('points an old .xls file to saving it as .xlsx', async () => {
    const path = tempFile(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'o.xlsx');
    const err = await rejection(readXlsx({}, path));
    expect(err.code).toBe('E_XLSX');
    expect(err.suggestion).toMatch(/\.xls file/);
  });

  it('never writes numbers in scientific notation', () => {
    expect(numberText(1e21)).toBe('1000000000000000000000');
    expect(numberText(1e-7)).toBe('0.0000001');
    expect(numberText(12.5)).toBe('12.5');
  });
});

describe('loadRoster with an xlsx roster', () => {
  it('loads the first sheet and accounts for every row', async () => {
    ctx = tempContext();
    const r = await loadRoster(ctx, book);
    expect(r.rows).toEqual({ read: 3, loaded: 2, rejected: 1, skipped: 0 });
    expect(r.rows.read).toBe(r.rows.loaded + r.rows.rejected + r.rows.skipped);
    expect(r.findings.find((f) => f.severity === 'error')).toMatchObject({
      code: 'E_DATE',
      record: 2,
      line: 5,
      field: 'dob',
    });
    const row = ctx.db
      .prepare(
        'SELECT npi, dob, zip, license_number FROM roster_rows WHERE batch_id = ? AND record = 1',
      )
      .get(r.batchId);
    expect(row).toEqual({
      npi: '1234567018',
      dob: '1972-05-14',
      zip: '02134',
      license_number: '00A7731',
    });
  });

  it('loads the sheet named by --sheet', async () => {
    ctx = tempContext();
    const r = await loadRoster(ctx, book, { sheet: 'Groups' });
    expect(r.rows).toEqual({ read: 2, loaded: 2, rejected: 0, skipped: 0 });
  });
});
