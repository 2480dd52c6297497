import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { resolveLayout, parseLayout } from '../../../src/sources/boards/layout-file.js';
import { readLayoutFile, type LayoutItem } from '../../../src/sources/boards/read.js';
import { writeSource } from '../source-files.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/boards');
const MED = join(FIXTURES, 'oh-med-licenses-2026-11-15.csv');
const NURSING = join(FIXTURES, 'oh-nursing-licensees.txt');
const LIST = join(FIXTURES, 'oh-medicaid-exclusions.csv');

async function items(file: string, layout: ReturnType<typeof resolveLayout>) {
  const out: LayoutItem[] = [];
  for await (const item of readLayoutFile(file, layout)) out.push(item);
  return out;
}

const rows = (all: LayoutItem[]) =>
  all.flatMap((i) => (i.kind === 'row' ? [i.values] : [])) as Record<string, unknown>[];
const byLicense = (all: LayoutItem[], n: string) => rows(all).find((r) => r.license_number === n)!;

describe('readLayoutFile with the bundled layouts', () => {
  it('reads the medical board export: statuses, dates and the board-action flag', async () => {
    const all = await items(MED, resolveLayout('oh-med', 'board'));
    expect(all.filter((i) => i.kind === 'warning')).toEqual([]);
    expect(rows(all)).toHaveLength(109);
    expect(byLicense(all, '35.224995')).toMatchObject({
      status: 'active',
      expiration_date: '2025-06-30',
      discipline: 'N',
      last_key: 'BANCROFT',
      layout: 'oh-med',
    });
    expect(byLicense(all, '36.976665').status).toBe('revoked');
    expect(byLicense(all, '34.072038').discipline).toBe('Y');
    expect(byLicense(all, '35.224995').raw_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads the Latin-1 nursing file below its title row, with its one-letter codes', async () => {
    const all = await items(NURSING, resolveLayout('oh-nursing', 'board'));
    expect(all[0]).toEqual({ kind: 'published', date: '2026-11-15' });
    expect(rows(all)).toHaveLength(57);
    const lapsed = byLicense(all, 'RN154606');
    expect(lapsed).toMatchObject({ status: 'inactive', status_raw: 'L', discipline: 'N' });
    expect(byLicense(all, 'APRN-CNP216385')).toMatchObject({
      status: 'probation',
      discipline: 'Y',
    });
    expect(byLicense(all, 'RN813326').expiration_date).toBe('2025-08-31');
    // 0xF1 in the file is ñ in Latin-1.
    expect(rows(all).some((r) => r.last_name === 'Nuñez')).toBe(true);
  });

  it('reads the state list: title-row date, several NPIs per cell, N/A placeholders', async () => {
    const all = await items(LIST, resolveLayout('oh-medicaid', 'state-list'));
    expect(all[0]).toEqual({ kind: 'published', date: '2026-11-16' });
    const list = rows(all);
    expect(list).toHaveLength(5);
    expect(list[0]).toMatchObject({
      npis: ['2365747080', '1673910422'],
      npi_raw: '2365747080 & 1673910422',
      org_name: null,
      dob: '1974-07-04',
      start_date: '2026-07-01',
      end_date: null,
      status: 'excluded',
    });
    expect(list[1]).toMatchObject({ status: 'reinstated', end_date: '2025-03-01' });
    expect(list[2].npis).toEqual(['1488207337', '1902445612']);
    expect(list[3]).toMatchObject({ npis: [], last_name: null, org_key: 'SILVERBROOK TRANSPORT' });
    expect(list[4].npis).toEqual(['1722550864']);
    const bad = all.filter((i) => i.kind === 'warning');
    expect(bad).toEqual([
      expect.objectContaining({ code: 'W_NPI', field: 'npi', line: 7, skipped: false }),
    ]);
  });
});

const CUSTOM = {
  id: 'pipe-board',
  kind: 'board',
  state: 'OH',
  name: 'Pipe board',
  delimiter: '|',
  columns: { LicNo: 'licenseNumber', Status: 'status', Expires: 'expirationDate' },
  dateFormats: ['YYYY-MM-DD'],
  status: { A: 'active' },
  titleDatePattern: 'Revised (\\d{2}/\\d{2}/\\d{4})',
};

describe('readLayoutFile', () => {
  it('takes the date from a header cell and never maps that cell as a column (B10)', async () => {
    const layout = parseLayout(
      { ...CUSTOM, dateFormats: ['YYYY-MM-DD', 'MM/DD/YYYY'] },
      'pipe.json',
    );
    const file = writeSource('b.txt', [
      'LicNo|Status|Expires|Revised 05/09/2016',
      'X1|A|2030-01-01|',
    ]);
    const all = await items(file, layout);
    expect(all[0]).toEqual({ kind: 'published', date: '2016-05-09' });
    expect(rows(all)[0]).toMatchObject({ license_number: 'X1', status: 'active' });
  });

  it('skips a record with an unreadable date, flags an unmapped status, keeps going', async () => {
    const layout = parseLayout(CUSTOM, 'pipe.json');
    const file = writeSource('b.txt', [
      'LicNo|Status|Expires',
      'X1|A|31/12/2030',
      'X2|Q|2030-01-01',
      'X3|A|N/A',
    ]);
    const all = await items(file, layout);
    const warnings = all.filter((i) => i.kind === 'warning');
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'W_DATE', line: 2, field: 'expirationDate', skipped: true }),
      expect.objectContaining({ code: 'W_STATUS', line: 3, field: 'status', skipped: false }),
    ]);
    expect(JSON.stringify(warnings)).not.toContain('31/12/2030');
    expect(rows(all).map((r) => [r.license_number, r.status, r.expiration_date])).toEqual([
      ['X2', null, '2030-01-01'],
      ['X3', 'active', null],
    ]);
  });

  it('names every missing column at once (E_MISSING_COLUMN, exit 2)', async () => {
    const layout = parseLayout(CUSTOM, 'pipe.json');
    const file = writeSource('b.txt', ['License|State', 'X1|OH']);
    await expect(items(file, layout)).rejects.toMatchObject({
      code: 'E_MISSING_COLUMN',
      exit: 2,
      message: expect.stringMatching(/licno.*status.*expires/),
    });
  });

  it('refuses a file without the title date its layout reads (E_TITLE_DATE)', async () => {
    const layout = parseLayout({ ...CUSTOM, publishedFrom: 'title-row' }, 'pipe.json');
    const file = writeSource('b.txt', ['LicNo|Status|Expires', 'X1|A|2030-01-01']);
    await expect(items(file, layout)).rejects.toMatchObject({ code: 'E_TITLE_DATE', exit: 2 });
  });
});
