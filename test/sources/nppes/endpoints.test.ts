import { describe, expect, it } from 'vitest';
import { readNppesEndpoints } from '../../../src/sources/nppes/endpoints.js';
import { publishedFromName } from '../../../src/sources/snapshot-dates.js';
import { isCredkitError } from '../../../src/errors.js';
import {
  collect,
  dataLine,
  headerLine,
  headerNames,
  rowsOf,
  writeSource,
} from '../source-files.js';

const HEADER = 'nppes-endpoint-header.csv';
const FILE = 'endpoint_pfile_20050523-20261109.csv';
const README_POSTAL = 'Affiliation Address Line Postal Code';
const SHIPPED_POSTAL = 'Affiliation Address Postal Code';

const DIRECT = {
  NPI: '1234567893',
  'Endpoint Type': 'DIRECT',
  'Endpoint Type Description': 'Direct Messaging Address',
  Endpoint: 'a.b@direct.clinic.example',
  Affiliation: 'Y',
  'Endpoint Description': 'Direct messaging',
  'Affiliation Legal Business Name': 'CLINIC, LLC',
  'Affiliation Address City': 'DAYTON',
  [SHIPPED_POSTAL]: '45402',
};

describe('readNppesEndpoints', () => {
  it('maps the real endpoint_pfile header by name', async () => {
    const header = headerNames(HEADER);
    const file = writeSource(FILE, [headerLine(HEADER), dataLine(header, DIRECT)]);
    const [row] = rowsOf(await collect(readNppesEndpoints(file)));
    expect(row).toMatchObject({
      npi: '1234567893',
      endpoint_type: 'DIRECT',
      endpoint: 'a.b@direct.clinic.example',
      affiliation: 'Y',
      endpoint_description: 'Direct messaging',
      affiliation_name: 'CLINIC, LLC',
      affiliation_city: 'DAYTON',
      affiliation_postal_code: '45402',
      use_code: null,
      line: 2,
    });
    expect(row.raw_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts the readme spelling of the postal-code column, in any column order', async () => {
    const header = [...headerNames(HEADER).reverse()].map((h) =>
      h === SHIPPED_POSTAL ? README_POSTAL : h,
    );
    const values = { ...DIRECT, [README_POSTAL]: '45402' } as Record<string, string>;
    delete values[SHIPPED_POSTAL];
    const quoted = header.map((h) => `"${h}"`).join(',');
    const file = writeSource(FILE, [quoted, dataLine(header, values)]);
    const [row] = rowsOf(await collect(readNppesEndpoints(file)));
    expect(row).toMatchObject({ affiliation_postal_code: '45402', npi: '1234567893' });
  });

  it('names every missing column at once', async () => {
    const file = writeSource(FILE, ['"NPI","Endpoint"', '"1234567893","x@y.example"']);
    const err = await collect(readNppesEndpoints(file)).catch((e: unknown) => e);
    expect(isCredkitError(err) && err.code).toBe('E_MISSING_COLUMN');
    expect((err as Error).message).toContain('Endpoint Type;');
    expect((err as Error).message).toContain(`${SHIPPED_POSTAL} or ${README_POSTAL}`);
  });

  it('dates the file by its name like the main NPPES file', () => {
    expect(publishedFromName('nppes-endpoints', `/x/${FILE}`)).toBe('2026-11-09');
    expect(publishedFromName('nppes-endpoints', 'endpoints.csv')).toBeNull();
  });
});
