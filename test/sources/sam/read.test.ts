import { describe, expect, it } from 'vitest';
import { readSam } from '../../../src/sources/sam/read.js';
import { isCredkitError } from '../../../src/errors.js';
import {
  collect,
  dataLine,
  headerLine,
  headerNames,
  rowsOf,
  writeSource,
} from '../source-files.js';

const V2 = 'sam-exclusions-extract-v2-2022-header.csv';
const V2_2020 = 'sam-exclusions-extract-header.csv';
const FILE = 'SAM_Exclusions_Public_Extract_V2_26306.csv';

function individual(ueiColumn: string): Record<string, string> {
  return {
    Classification: 'Individual',
    First: 'John',
    Last: 'Doe',
    City: 'Dayton',
    'State / Province': 'OH',
    Country: 'USA',
    'Zip Code': '45402',
    [ueiColumn]: 'ABCDEF123456',
    'Excluding Agency': 'HHS',
    'Active Date': '03/13/2015',
    'Termination Date': 'Indefinite',
    'SAM Number': 'S4MR3R7S5',
    NPI: '1234567893',
    Creation_Date: '2015-03-13',
  };
}

describe('readSam', () => {
  it('maps the 2022+ V2 header by name, with Indefinite termination as null', async () => {
    const header = headerNames(V2);
    const path = writeSource(
      FILE,
      [headerLine(V2), dataLine(header, individual('Unique Entity ID'))],
      '\r\n',
    );
    const [row] = rowsOf(await collect(readSam(path)));
    expect(row).toMatchObject({
      classification: 'Individual',
      first: 'John',
      last: 'Doe',
      uei: 'ABCDEF123456',
      active_date: '2015-03-13',
      termination_date: null,
      creation_date: '2015-03-13',
      npi: '1234567893',
      last_key: 'DOE',
      first_key: 'JOHN',
    });
  });

  it('maps the 2019/2020 31-column naming of the UEI column', async () => {
    const header = headerNames(V2_2020);
    const values = { ...individual('Unique Entity Identifier (SAM)'), Name: 'null' };
    const path = writeSource(FILE, [headerLine(V2_2020), dataLine(header, values)], '\r\n');
    const [row] = rowsOf(await collect(readSam(path)));
    expect(row).toMatchObject({ uei: 'ABCDEF123456', name: null, entity_key: null });
  });

  it('counts rows broken by bad quoting as W_FIELD_COUNT rejects with their line', async () => {
    const header = headerNames(V2);
    const good = dataLine(header, individual('Unique Entity ID'));
    // The official file writes a value that starts with a quote like this (sources.md 5.2).
    const broken = good.replace('"HHS"', '""Per Federal Register ""x"", y"');
    const path = writeSource(FILE, [headerLine(V2), good, broken, good], '\r\n');
    const items = await collect(readSam(path));
    expect(items.map((i) => i.kind)).toEqual(['row', 'reject', 'row']);
    expect(items[1]).toMatchObject({ code: 'W_FIELD_COUNT', line: 3, expected: 31 });
    expect(items[2].line).toBe(4);
  });

  it('refuses the V1 28-column layout, which lacks UEI and Creation_Date', async () => {
    const v1 = 'sam-exclusions-extract-v1-header.csv';
    const path = writeSource(FILE, [headerLine(v1)], '\r\n');
    const err = await collect(readSam(path)).catch((e: unknown) => e);
    expect(isCredkitError(err) && err.code).toBe('E_MISSING_COLUMN');
    expect(String((err as Error).message)).toMatch(/Unique Entity ID.*Creation_Date/);
  });
});
