import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { inspectRoster, maskValue } from '../../src/pipeline/inspect-roster.js';
import { writeRosterXlsx } from '../fixtures/roster/make-xlsx.js';
import { rejection, tempFile } from '../sources/roster/read-helpers.js';

const repo = (rel: string) => fileURLToPath(new URL(`../../${rel}`, import.meta.url));
const DEMO = repo('fixtures/demo/roster.csv');

let book: string;
beforeAll(async () => {
  book = join(mkdtempSync(join(tmpdir(), 'credkit-inspect-')), 'roster.xlsx');
  await writeRosterXlsx(book);
});

/** Last and first names of the demo roster's first data records, read straight from the file. */
function demoNames(n: number): string[] {
  const [head, ...rows] = readFileSync(DEMO, 'utf8').split(/\r?\n/);
  const cols = head.split(',');
  const last = cols.indexOf('Last Name');
  const first = cols.indexOf('First Name');
  return rows
    .slice(0, n)
    .flatMap((r) => [r.split(',')[last], r.split(',')[first]])
    .filter(Boolean);
}

describe('inspectRoster', () => {
  it('shows the detected format and the guessed mapping of the demo roster', async () => {
    const r = await inspectRoster(DEMO);
    expect(r).toMatchObject({
      format: 'csv',
      delimiter: ',',
      encoding: 'utf-8',
      profile: 'generic',
    });
    expect(r.mapping).toContainEqual({ column: 'Provider NPI', field: 'npi' });
    expect(r.mapping).toContainEqual({ column: 'Date of Birth', field: 'dob' });
    expect(r.mapping).toHaveLength(r.header.length - r.unmapped.length);
    expect(r.missingRequired).toEqual([]);
    expect(r.samples.npi).toHaveLength(5);
  });

  it('masks names, dates of birth and TIN-like values in the samples and the JSON', async () => {
    const r = await inspectRoster(DEMO, { rows: 3 });
    expect(r.samples.lastName?.every((v) => /^\p{L}\*\*\*$/u.test(v))).toBe(true);
    expect(r.samples.dob?.filter(Boolean).every((v) => /^##\/##\/####$/.test(v))).toBe(true);
    const json = JSON.stringify(r);
    for (const name of demoNames(3)) expect(json).not.toContain(`"${name}"`);
    expect(maskValue('licenseNumber', 'Tax ID', '12-3456789')).toBe('##-#######');
    expect(maskValue('licenseNumber', 'Member SSN', '123-45-6789')).toBe('###-##-####');
    expect(maskValue('orgName', 'Organization Name', 'Valley Clinic')).toBe('Valley Clinic');
  });

  it('lists unmapped columns and missing required fields without failing', async () => {
    const r = await inspectRoster(tempFile('Provider Id;Surname;Shoe Size\n7;Ng;9\n'));
    expect(r.delimiter).toBe(';');
    expect(r.mapping).toEqual([{ column: 'Surname', field: 'lastName' }]);
    expect(r.unmapped).toEqual(['Provider Id', 'Shoe Size']);
    expect(r.missingRequired).toEqual(["'NPI'"]);
  });

  it('reports two columns for one field as ambiguous', async () => {
    const r = await inspectRoster(tempFile('NPI,Provider NPI,Last Name\n1234567018,1,Ng\n'));
    expect(r.ambiguous).toEqual([{ column: 'Provider NPI', field: 'npi', with: 'NPI' }]);
  });

  it('inspects with a profile file, an xlsx sheet, and a header-only file', async () => {
    const ohio = await inspectRoster(repo('test/fixtures/roster/ohio-mco.csv'), {
      profile: repo('profiles/ohio-mco.json'),
    });
    expect(ohio).toMatchObject({ delimiter: '|', profile: 'ohio-mco', unmapped: ['MCO_PNL_ID'] });
    expect(ohio.samples.entityType).toEqual(['P', 'G', 'P']);
    const xlsx = await inspectRoster(book, { sheet: 'Groups', rows: 1 });
    expect(xlsx).toMatchObject({ format: 'xlsx', delimiter: null, encoding: null });
    expect(xlsx.samples.orgName).toEqual(['Valley Family Clinic']);
    const empty = await inspectRoster(tempFile('NPI,Last Name\n'));
    expect(empty.samples).toEqual({ npi: [], lastName: [] });
  });

  it('fails with exit 2 when the file cannot be read', async () => {
    const err = await rejection(inspectRoster('/nonexistent/roster.csv'));
    expect(err).toMatchObject({ code: 'E_FILE_NOT_FOUND', exit: ExitCode.usage });
    const rows = await rejection(inspectRoster(DEMO, { rows: 0 }));
    expect(rows.code).toBe('E_OPTION');
  });
});
