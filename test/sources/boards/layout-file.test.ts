import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LAYOUTS_DIR,
  bundledLayouts,
  parseLayout,
  resolveLayout,
} from '../../../src/sources/boards/layout-file.js';
import { isCredkitError, type CredkitError } from '../../../src/errors.js';
import { demoConfig } from '../../../src/config.js';

function layoutError(json: unknown): CredkitError {
  try {
    parseLayout(json, 'my-board.json');
  } catch (err) {
    if (isCredkitError(err)) return err;
    throw err;
  }
  throw new Error('expected an E_LAYOUT error');
}

const VALID = {
  id: 'x-board',
  kind: 'board',
  state: 'OH',
  name: 'X board',
  columns: { 'Lic No': 'licenseNumber', Status: 'status' },
  dateFormats: ['MM/DD/YYYY'],
  status: { Active: 'active' },
};

describe('parseLayout', () => {
  it('builds a layout with header names normalised and statuses upper-cased', () => {
    const l = parseLayout(VALID, 'x.json');
    expect(l.columns.get('lic no')).toBe('licenseNumber');
    expect(l.status.get('ACTIVE')).toBe('active');
    expect(l).toMatchObject({ headerRow: 1, delimiter: ',', encoding: 'utf8' });
  });

  it('lists every problem at once with its JSON path, naming the file, exit 2', () => {
    const err = layoutError({
      ...VALID,
      id: 'Bad Id',
      state: 'Ohio',
      headerRow: 0,
      delimiter: 'x',
      columns: { 'Lic No': 'licenceNumber', Status: 'status' },
      dateFormats: ['DD.MM.YY'],
      status: { Active: 'on' },
      npiSplit: '(',
      extra: true,
    });
    expect(err.code).toBe('E_LAYOUT');
    expect(err.exit).toBe(2);
    expect(err.location.file).toBe('my-board.json');
    for (const path of [
      '$.id',
      '$.state',
      '$.headerRow',
      '$.delimiter',
      '$.columns["Lic No"]',
      '$.dateFormats[0]',
      '$.status.Active',
      '$.npiSplit',
      '$.extra',
      '$.columns: no column maps to licenseNumber',
    ]) {
      expect(err.message).toContain(path);
    }
  });

  it('requires a title date pattern when the date comes from the title row', () => {
    const err = layoutError({ ...VALID, publishedFrom: 'title-row' });
    expect(err.message).toContain('$.titleDatePattern: required');
  });

  it('refuses discipline on a state list and list fields on a board', () => {
    const err = layoutError({
      ...VALID,
      kind: 'state-list',
      columns: { NPI: 'npi', Lic: 'expirationDate' },
      status: undefined,
      discipline: { column: 'X', truthy: ['Y'] },
    });
    expect(err.message).toContain('$.discipline: only board layouts');
    expect(err.message).toContain('$.columns.Lic');
  });
});

describe('resolveLayout', () => {
  it('finds every bundled layout by id, each valid', () => {
    expect(bundledLayouts('board')).toEqual(['oh-med', 'oh-nursing']);
    expect(bundledLayouts('state-list')).toEqual(['oh-medicaid']);
    for (const id of bundledLayouts('board')) expect(resolveLayout(id, 'board').id).toBe(id);
    expect(resolveLayout('oh-medicaid', 'state-list').kind).toBe('state-list');
  });

  it('reads a layout JSON file by path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'credkit-layout-'));
    const path = join(dir, 'custom.json');
    writeFileSync(path, JSON.stringify(VALID));
    expect(resolveLayout(path, 'board').id).toBe('x-board');
  });

  it('refuses a layout of the other kind and an unknown name', () => {
    const list = join(LAYOUTS_DIR, 'state-lists', 'oh-medicaid.json');
    expect(() => resolveLayout(list, 'board')).toThrow(/layout is a state-list, not a board/);
    expect(() => resolveLayout('no-such-board', 'board')).toThrow(/not a bundled layout/);
  });
});

describe('demoConfig', () => {
  it('bundles board and state-list files that exist, with bundled layouts', () => {
    const config = demoConfig();
    const files = [...(config.boards ?? []), ...(config.stateLists ?? [])];
    expect(files.map((f) => f.layout)).toEqual(['oh-med', 'oh-nursing', 'oh-medicaid']);
    for (const f of files) expect(existsSync(f.file), f.file).toBe(true);
  });
});
