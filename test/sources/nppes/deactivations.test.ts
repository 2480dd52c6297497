import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { importSource } from '../../../src/pipeline/import-source.js';
import { importNppesDeactivations } from '../../../src/pipeline/import-nppes-deactivations.js';
import {
  readDeactivations,
  reportDateFromName,
  titleDate,
} from '../../../src/sources/nppes/deactivations.js';
import { openDuck, queryRows } from '../../../src/store/duckdb.js';
import type { OpenedContext } from '../../../src/pipeline/context.js';
import { tempContext } from '../../helpers/workspace.js';
import { buildZip } from '../archive/make-zip.js';
import { nppesCsv } from './nppes-files.js';

let ctx: OpenedContext;
afterEach(() => ctx?.close());

/** A report workbook in the official shape; `sheet` renames the worksheet. */
async function report(name: string, title: string, rows: string[][], sheet = 'DeactivatedNPIs') {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow([title]);
  ws.addRow(['NPI', 'NPPES Deactivation Date']);
  for (const r of rows) ws.addRow(r);
  const path = join(mkdtempSync(join(tmpdir(), 'credkit-deact-')), name);
  await wb.xlsx.writeFile(path);
  return path;
}

async function items(path: string) {
  const out = [];
  for await (const it of readDeactivations(path)) out.push(it);
  return out;
}

async function nppesRows() {
  const duck = await openDuck(ctx.ws);
  try {
    return await queryRows(
      duck.conn,
      `SELECT npi, last_name, strftime(deactivation_date, '%Y-%m-%d') AS d FROM nppes ORDER BY npi`,
    );
  } finally {
    duck.close();
  }
}

describe('readDeactivations', () => {
  it('reads the title date, then NPIs and dates as text, refusing bad rows', async () => {
    const path = await report('r.xlsx', 'NPPES Deactivated Records as of 09/14/2026', [
      ['1000000004', '09/01/2026'],
      ['12345', '09/01/2026'],
      ['1000000012', 'soon'],
    ]);
    const got = await items(path);
    expect(got[0]).toEqual({ kind: 'as-of', date: '2026-09-14' });
    expect(got[1]).toMatchObject({ kind: 'row', npi: '1000000004', date: '2026-09-01', line: 3 });
    expect(got.slice(2)).toEqual([
      { kind: 'reject', line: 4, field: 'NPI' },
      { kind: 'reject', line: 5, field: 'NPPES Deactivation Date' },
    ]);
  });

  it('refuses a workbook without the DeactivatedNPIs sheet', async () => {
    const path = await report('r.xlsx', 'x', [], 'Sheet1');
    await expect(items(path)).rejects.toMatchObject({ code: 'E_SHEET', exit: 2 });
  });

  it('dates a report by its name or a spelled-out title', () => {
    expect(reportDateFromName('NPPES_Deactivated_NPI_Report_091426_V2.zip')).toBe('2026-09-14');
    expect(titleDate('NPPES Deactivated Records as of September 14, 2026')).toBe('2026-09-14');
    expect(titleDate('Deactivated NPIs')).toBeNull();
  });
});

describe('importNppesDeactivations', () => {
  async function base() {
    const file = nppesCsv('npidata_pfile_20050523-20260910.csv', [
      { npi: '1000000004', last: 'ACTIVE', updated: '01/02/2026' },
      { npi: '1000000012', last: 'BACK', deactivated: '01/01/2025', reactivated: '09/10/2026' },
      { npi: '1000000020', last: 'GONE', updated: '01/02/2020', deactivated: '08/01/2026' },
    ]);
    return importSource(ctx, 'nppes', file);
  }

  const LIST = [
    ['1000000004', '09/12/2026'],
    ['1000000012', '01/01/2025'],
    ['1000000020', '08/01/2026'],
    ['1000000038', '09/13/2026'],
  ];

  it('marks listed NPIs, keeps later reactivations and adds unknown NPIs', async () => {
    ctx = tempContext();
    const b = await base();
    const xlsx = await report('x.xlsx', 'NPPES Deactivated Records as of 09/14/2026', LIST);
    const zip = join(
      mkdtempSync(join(tmpdir(), 'credkit-deact-')),
      'NPPES_Deactivated_NPI_Report_091426_V2.zip',
    );
    writeFileSync(
      zip,
      buildZip([{ name: 'NPPES_Deactivated_NPI_Report_091426.xlsx', data: readFileSync(xlsx) }]),
    );
    const r = await importNppesDeactivations(ctx, zip);
    expect(r).toMatchObject({ status: 'applied', baseSnapshotId: b.snapshotId, rows: 4, read: 4 });
    expect(r.period.end).toBe('2026-09-14');
    expect(r.changes).toEqual({ added: 1, reactivatedKept: 1, alreadyDeactivated: 1, marked: 1 });
    expect(await nppesRows()).toEqual([
      { npi: '1000000004', last_name: 'ACTIVE', d: '2026-09-12' },
      { npi: '1000000012', last_name: 'BACK', d: '2025-01-01' },
      { npi: '1000000020', last_name: 'GONE', d: '2026-08-01' },
      { npi: '1000000038', last_name: null, d: '2026-09-13' },
    ]);
  });

  it('skips a report dated before the last one applied', async () => {
    ctx = tempContext();
    await base();
    await importNppesDeactivations(
      ctx,
      await report('NPPES_Deactivated_NPI_Report_091426.xlsx', 't', LIST),
    );
    const older = await report('NPPES_Deactivated_NPI_Report_090726.xlsx', 't', LIST.slice(0, 1));
    const r = await importNppesDeactivations(ctx, older);
    expect(r).toMatchObject({ status: 'skipped', watermark: '2026-09-14' });
  });
});
