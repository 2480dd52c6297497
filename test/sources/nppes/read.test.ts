import { describe, expect, it } from 'vitest';
import { readNppes } from '../../../src/sources/nppes/read.js';
import { isCredkitError } from '../../../src/errors.js';
import {
  collect,
  dataLine,
  headerLine,
  headerNames,
  rowsOf,
  writeSource,
} from '../source-files.js';

const FILE = 'npidata_pfile_20050523-20261109.csv';

function individual(sexColumn: string): Record<string, string> {
  return {
    NPI: '1234567893',
    'Entity Type Code': '1',
    'Employer Identification Number (EIN)': '<UNAVAIL>',
    'Provider Last Name (Legal Name)': 'RIVERA',
    'Provider First Name': 'ANA',
    'Provider Credential Text': 'M.D.',
    [sexColumn]: 'F',
    'Provider Business Practice Location Address City Name': 'COLUMBUS',
    'Provider Business Practice Location Address State Name': 'OH',
    'Provider Business Practice Location Address Postal Code': '432151234',
    'Provider Enumeration Date': '05/23/2005',
    'Last Update Date': '07/08/2026',
    'Healthcare Provider Taxonomy Code_1': '207Q00000X',
    'Provider License Number_1': '35.012345',
    'Provider License Number State Code_1': 'OH',
    'Healthcare Provider Primary Taxonomy Switch_1': 'Y',
    'Healthcare Provider Taxonomy Code_3': '207R00000X',
    'Provider License Number_3': '$$$$$$$$$',
    'Provider License Number State Code_3': 'KY',
    'Healthcare Provider Primary Taxonomy Switch_3': 'N',
  };
}

async function readWith(headerFile: string, sexColumn: string, eol = '\n') {
  const header = headerNames(headerFile);
  const path = writeSource(
    FILE,
    [headerLine(headerFile), dataLine(header, individual(sexColumn))],
    eol,
  );
  return rowsOf(await collect(readNppes(path)));
}

describe('readNppes', () => {
  it('maps the 2025+ 330-column header with Provider Sex Code by name', async () => {
    const [row] = await readWith('nppes-npidata-header.csv', 'Provider Sex Code');
    expect(row).toMatchObject({
      npi: '1234567893',
      entity_type: '1',
      last_name: 'RIVERA',
      first_name: 'ANA',
      sex: 'F',
      city: 'COLUMBUS',
      state: 'OH',
      postal_code: '432151234',
      enumeration_date: '2005-05-23',
      last_update_date: '2026-07-08',
      deactivation_date: null,
      line: 2,
      last_key: 'RIVERA',
    });
  });

  it('maps the 2016 329-column header with Provider Gender Code', async () => {
    expect(headerNames('nppes-npidata-header-2016-329col.csv')).toHaveLength(329);
    const [row] = await readWith('nppes-npidata-header-2016-329col.csv', 'Provider Gender Code');
    expect(row).toMatchObject({ npi: '1234567893', sex: 'F', credential: 'M.D.' });
  });

  it('reads the unquoted CRLF header of an Excel-resaved file', async () => {
    const file = 'nppes-npidata-header-2026-excel-resaved.csv';
    const [row] = await readWith(file, 'Provider Sex Code', '\r\n');
    expect(row).toMatchObject({ npi: '1234567893', sex: 'F', state: 'OH' });
  });

  it('keeps used taxonomy groups as aligned lists and nulls masked licence numbers', async () => {
    const [row] = await readWith('nppes-npidata-header.csv', 'Provider Sex Code');
    expect(row.taxonomy_codes).toEqual(['207Q00000X', '207R00000X']);
    expect(row.license_numbers).toEqual(['35.012345', null]);
    expect(row.license_states).toEqual(['OH', 'KY']);
    expect(row.primary_switches).toEqual(['Y', 'N']);
  });

  it('reads a deactivated NPI row (blank entity type) with its deactivation date', async () => {
    const header = headerNames('nppes-npidata-header.csv');
    const line = dataLine(header, { NPI: '1987654302', 'NPI Deactivation Date': '02/29/2024' });
    const path = writeSource(FILE, [headerLine('nppes-npidata-header.csv'), line]);
    const [row] = rowsOf(await collect(readNppes(path)));
    expect(row).toMatchObject({ entity_type: null, deactivation_date: '2024-02-29' });
    expect(row.taxonomy_codes).toEqual([]);
  });

  it('refuses a header missing required columns and names every one of them', async () => {
    const header = headerNames('nppes-npidata-header.csv').filter(
      (h) => h !== 'Provider Sex Code' && h !== 'NPI Deactivation Date',
    );
    const path = writeSource(FILE, [header.map((h) => `"${h}"`).join(',')]);
    const err = await collect(readNppes(path)).catch((e: unknown) => e);
    expect(isCredkitError(err)).toBe(true);
    if (!isCredkitError(err)) return;
    expect(err.code).toBe('E_MISSING_COLUMN');
    expect(err.exit).toBe(2);
    expect(err.message).toContain('NPI Deactivation Date');
    expect(err.message).toContain('Provider Sex Code or Provider Gender Code');
  });
});
