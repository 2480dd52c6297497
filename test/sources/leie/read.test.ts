import { describe, expect, it } from 'vitest';
import { readLeie } from '../../../src/sources/leie/read.js';
import {
  collect,
  dataLine,
  headerLine,
  headerNames,
  rowsOf,
  writeSource,
} from '../source-files.js';

const HEADER = 'leie-header.csv';

const BUSINESS = {
  BUSNAME: 'ACME HOME CARE, INC',
  GENERAL: 'OTHER BUSINESS',
  SPECIALTY: 'HOME HEALTH AGENCY',
  NPI: '0000000000',
  ADDRESS: '12 MAIN ST, STE 4',
  CITY: 'SPRINGFIELD',
  STATE: 'IL',
  ZIP: '62701',
  EXCLTYPE: '1128b5',
  EXCLDATE: '20230518',
  REINDATE: '00000000',
  WAIVERDATE: '00000000',
};

const PERSON = {
  LASTNAME: "O'NEIL",
  FIRSTNAME: 'MARY',
  NPI: '1234567893',
  DOB: '19700102',
  STATE: 'OH',
  EXCLTYPE: '1128b4',
  EXCLDATE: '20200101',
  REINDATE: '00000000',
  WAIVERDATE: '20250301',
  WVRSTATE: 'OH',
};

async function read(bom = '') {
  const header = headerNames(HEADER);
  const lines = [headerLine(HEADER), dataLine(header, BUSINESS), dataLine(header, PERSON)];
  return collect(readLeie(writeSource('UPDATED.csv', lines, '\r\n', bom)));
}

describe('readLeie', () => {
  it('reads the unquoted CRLF header and nulls the NPI and date placeholders', async () => {
    const [business] = rowsOf(await read());
    expect(business).toMatchObject({
      bus_name: 'ACME HOME CARE, INC',
      address: '12 MAIN ST, STE 4',
      npi: null,
      dob: null,
      excl_date: '2023-05-18',
      rein_date: null,
      waiver_date: null,
      bus_key: 'ACME HOME CARE',
      line: 2,
    });
  });

  it('converts YYYYMMDD dates and keys names without punctuation', async () => {
    const [, person] = rowsOf(await read());
    expect(person).toMatchObject({
      npi: '1234567893',
      dob: '1970-01-02',
      waiver_date: '2025-03-01',
      last_key: 'ONEIL',
      first_key: 'MARY',
      line: 3,
    });
  });

  it('accepts a byte-order mark before the header', async () => {
    const rows = rowsOf(await read('\ufeff'));
    expect(rows).toHaveLength(2);
    expect(rows[0].last_name).toBeNull();
  });
});
