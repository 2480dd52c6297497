import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import type { OpenedContext } from '../../../src/pipeline/context.js';
import { loadRoster } from '../../../src/pipeline/load-roster.js';
import { formatFor } from '../../../src/sources/roster/open.js';
import {
  loadProfileFile,
  parseProfile,
  resolveProfile,
} from '../../../src/sources/roster/profile-file.js';
import { GENERIC_PROFILE } from '../../../src/sources/roster/profiles.js';
import { tempContext } from '../../helpers/workspace.js';
import { rejection, tempFile } from './read-helpers.js';

const repo = (rel: string) => fileURLToPath(new URL(`../../../${rel}`, import.meta.url));
const OHIO = repo('profiles/ohio-mco.json');
const OHIO_ROSTER = repo('test/fixtures/roster/ohio-mco.csv');

let ctx: OpenedContext | undefined;
afterEach(() => ctx?.close());

const profileFile = (json: unknown) => tempFile(JSON.stringify(json), 'profile.json');

describe('mapping profile files', () => {
  it('reads a valid profile: columns by source name, reader settings, values', async () => {
    const p = await loadProfileFile(OHIO);
    expect(p.name).toBe('ohio-mco');
    expect(p.columns.npi).toEqual(['PRV_NPI_ID']);
    expect(p.columns.dob).toEqual(['PRV_BRTH_DT']);
    expect(p.dateFormats).toEqual(['YYYY-MM-DD']);
    expect(p.source).toMatchObject({ format: 'csv', delimiter: '|', encoding: 'utf-8' });
    expect(p.values?.entityType?.get('G')).toBe('organization');
  });

  it('selects built-in profiles by name and defaults to generic', async () => {
    expect(await resolveProfile(undefined)).toBe(GENERIC_PROFILE);
    expect(await resolveProfile('generic')).toBe(GENERIC_PROFILE);
    expect((await resolveProfile(OHIO)).name).toBe('ohio-mco');
  });

  it('reports every problem at once, each with its JSON path', async () => {
    const path = profileFile({
      format: 'xml',
      colums: {},
      columns: { 'Prov NPI': 'npii', '': 'npi', Surname: 'lastName' },
      dateFormats: ['MM/DD/YYYY', 'DD.MM.YYYY'],
      entityType: 'person',
      headerRow: 0,
      delimiter: 'ab',
      values: { sex: { '1': 1 }, shoeSize: {} },
    });
    const err = await rejection(loadProfileFile(path));
    expect(err).toMatchObject({ code: 'E_PROFILE', exit: ExitCode.usage });
    expect(err.location).toMatchObject({ file: 'profile.json' });
    const message = String(err.message);
    expect(message).toMatch(/^12 problems in profile: /);
    for (const jsonPath of [
      '$.colums: unknown key',
      '$.name:',
      '$.columns["Prov NPI"]: "npii" is not a credkit field',
      '$.columns[""]: source column name is empty',
      '$.columns: no column maps to npi',
      '$.dateFormats[1]:',
      '$.entityType:',
      '$.headerRow:',
      '$.delimiter:',
      '$.values.sex["1"]: expected a string',
      '$.values.shoeSize: is not a credkit field',
      '$.recordPath: required when format is "xml"',
    ]) {
      expect(message).toContain(jsonPath);
    }
  });

  it('refuses non-JSON, and a name that is neither built in nor a file', async () => {
    const bad = await rejection(loadProfileFile(tempFile('{ "name": ', 'p.json')));
    expect(bad).toMatchObject({ code: 'E_PROFILE', exit: ExitCode.usage });
    expect(bad.message).toMatch(/^\$: not valid JSON/);
    const missing = await rejection(resolveProfile('ohio'));
    expect(missing.code).toBe('E_PROFILE');
    expect(missing.message).toContain('generic');
  });

  it('refuses a document that is not an object', () => {
    expect(() => parseProfile([], 'p.json')).toThrow(/\$: expected an object/);
  });

  it('keeps a __proto__ key from reaching Object.prototype', () => {
    const json = JSON.parse(
      '{"name":"x","columns":{"NPI":"npi","Last":"lastName"},' +
        '"values":{"__proto__":{"polluted":"yes"}}}',
    );
    expect(() => parseProfile(json, 'p.json')).toThrow(/\$\.values\.__proto__: is not a credkit/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a profile for another format than the file extension says', () => {
    expect(formatFor('r.txt', { format: 'xml' })).toBe('xml');
    expect(formatFor('r.xlsx', { format: 'xlsx' })).toBe('xlsx');
    expect(() => formatFor('r.xlsx', { format: 'csv' })).toThrow(/profile is for csv files/);
  });
});

describe('loadRoster with the ohio-mco profile', () => {
  it('maps unusual headers, replaces coded values and reads ISO dates only', async () => {
    ctx = tempContext();
    const r = await loadRoster(ctx, OHIO_ROSTER, { profile: OHIO });
    expect(r.rows).toEqual({ read: 3, loaded: 2, rejected: 1, skipped: 0 });
    expect(r.findings.find((f) => f.severity === 'error')).toMatchObject({
      code: 'E_DATE',
      record: 3,
      field: 'dob',
    });
    expect(r.findings.some((f) => f.message.includes("'MCO_PNL_ID'"))).toBe(true);
    const rows = ctx.db
      .prepare(
        `SELECT entity_type, sex, dob, org_name FROM roster_rows
         WHERE batch_id = ? ORDER BY record`,
      )
      .all(r.batchId) as Record<string, string | null>[];
    expect(rows.map((row) => [row.entity_type, row.sex, row.dob])).toEqual([
      ['individual', 'F', '1972-05-14'],
      ['organization', null, null],
    ]);
    const batch = ctx.db.prepare('SELECT profile FROM roster_batches WHERE id = ?').get(r.batchId);
    expect(batch).toEqual({ profile: 'ohio-mco' });
  });
});
