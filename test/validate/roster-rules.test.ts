import { describe, expect, it } from 'vitest';
import type { RawFields } from '../../src/sources/roster/mapping.js';
import { GENERIC_PROFILE } from '../../src/sources/roster/profiles.js';
import { checkRosterRow, type RuleContext } from '../../src/validate/roster-rules.js';

const ctx: RuleContext = {
  label: (f) => GENERIC_PROFILE.columns[f]?.[0] ?? f,
  dateFormats: GENERIC_PROFILE.dateFormats,
  today: '2026-06-01',
};
const place = { file: 'r.csv', record: 7, line: 9 };

const PERSON: RawFields = {
  npi: ' 1234567893 ',
  entityType: 'Individual',
  lastName: 'Muñoz',
  firstName: 'José',
  dob: '03/04/1971',
  sex: 'M',
  taxonomy: '207Q00000X',
  licenseNumber: '00A7731',
  licenseState: 'Ohio',
  state: 'OH',
  zip: '02134',
  phone: '(614) 555-0100',
  effectiveDate: '1/5/2024',
};

const check = (over: RawFields) => checkRosterRow({ ...PERSON, ...over }, place, ctx);
const codes = (over: RawFields) => check(over).findings.map((f) => f.code);

describe('roster row rules', () => {
  it('loads a clean individual row normalised and without findings', () => {
    const out = check({});
    expect(out.rejected).toBe(false);
    expect(out.findings).toEqual([]);
    expect(out.row).toMatchObject({
      entityType: 'individual',
      npi: '1234567893',
      lastName: 'Muñoz',
      dob: '1971-03-04',
      licenseNumber: '00A7731',
      licenseState: 'OH',
      phone: '6145550100',
      effectiveDate: '2024-01-05',
      orgName: null,
    });
  });

  it('rejects an NPI failing the check digit and one that is not 10 digits', () => {
    expect(check({ npi: '1234567890' })).toMatchObject({ rejected: true });
    expect(codes({ npi: '1234567890' })).toEqual(['E_NPI_CHECKDIGIT']);
    expect(codes({ npi: 'Valley Clinic' })).toEqual(['E_NPI_FORMAT']);
    expect(codes({ npi: '0000000000' })).toEqual(['E_NPI_FORMAT']);
  });

  it('rejects an individual without NPI unless the provider type is atypical', () => {
    expect(check({ npi: '' })).toMatchObject({ rejected: true });
    expect(codes({ npi: '' })).toEqual(['E_NPI_REQUIRED']);
    const driver = check({ npi: '', providerType: 'Non-Medical Transportation', taxonomy: '' });
    expect(driver).toMatchObject({ rejected: false, findings: [], row: { npi: null } });
    expect(driver.row.providerType).toBe('Non-Medical Transportation');
  });

  it('keeps an organisation without NPI with a warning', () => {
    const org = checkRosterRow({ entityType: 'O', orgName: 'Valley Clinic' }, place, ctx);
    expect(org).toMatchObject({ rejected: false, row: { npi: null } });
    expect(org.findings.map((f) => f.code)).toEqual(['W_NPI_MISSING']);
  });

  it('rejects several NPIs in one cell, giving the count and picking none', () => {
    const out = check({ npi: '1234567893; 1987654302 & 1234567000 and N/A' });
    expect(out).toMatchObject({ rejected: true, row: { npi: null } });
    expect(out.findings.map((f) => [f.code, f.message])).toEqual([
      ['E_NPI_MULTIPLE', 'NPI holds 3 NPIs; give one per row'],
    ]);
  });

  it('requires a license state for a licensed taxonomy, not for an unlicensed one', () => {
    expect(codes({ licenseState: '' })).toEqual(['E_LICENSE_STATE_REQUIRED']);
    const aide = check({ licenseState: '', taxonomy: '3747P1801X', licenseNumber: '' });
    expect(aide).toMatchObject({ rejected: false, findings: [] });
  });

  it('moves credentials and suffixes typed in name cells to their own fields', () => {
    const out = check({ lastName: 'SMITH MD', firstName: 'John', credential: 'M. D.' });
    expect(out.row).toMatchObject({ lastName: 'SMITH', credential: 'MD', nameSuffix: null });
    expect(out.findings.map((f) => [f.code, f.field])).toEqual([['W_NAME_SPLIT', 'lastName']]);
    const jr = check({ lastName: 'Smith, Jr.', credential: 'Ph.D.' }).row;
    expect(jr).toMatchObject({ lastName: 'Smith', nameSuffix: 'JR', credential: 'PHD' });
    expect(check({ lastName: 'Nguyen Do' }).row.lastName).toBe('Nguyen Do');
  });

  it('repairs double-encoded UTF-8 once, with a warning', () => {
    const out = check({ firstName: 'JosÃ© ' });
    expect(out.row.firstName).toBe('José');
    expect(out.findings.map((f) => [f.code, f.field])).toEqual([
      ['W_MOJIBAKE_REPAIRED', 'firstName'],
    ]);
  });

  it('stores addresses, licence numbers and TINs in their normalised forms', () => {
    const out = check({
      address1: '12 North Oak Street, Suite 4',
      licenseNumber: ' ab 12 345 ',
      tin: '12 3456789',
      zip: '43215 1234',
    });
    expect(out.row).toMatchObject({
      address1: '12 N OAK ST STE 4',
      licenseNumber: 'AB12345',
      tin: '12-3456789',
      zip: '43215-1234',
    });
    expect(codes({ tin: '900-12-3456' })).toEqual(['W_TIN_SSN']);
    expect(JSON.stringify(check({ tin: '900-12-3456' }))).not.toMatch(/900\W?12/);
  });

  it('reads zero dates as absent', () => {
    expect(check({ dob: '00000000', effectiveDate: '00/00/0000' }).row).toMatchObject({
      dob: null,
      effectiveDate: null,
    });
  });

  it('requires last and first name for an individual, naming each field', () => {
    const out = check({ lastName: ' ', firstName: undefined });
    expect(out.rejected).toBe(true);
    expect(out.findings).toEqual([
      {
        ...place,
        code: 'E_REQUIRED',
        severity: 'error',
        field: 'lastName',
        message: 'Last Name is required for an individual',
      },
      {
        ...place,
        code: 'E_REQUIRED',
        severity: 'error',
        field: 'firstName',
        message: 'First Name is required for an individual',
      },
    ]);
  });

  it('requires the organisation name for an organisation, not person names', () => {
    const org: RawFields = { npi: '1234567000', entityType: '2', orgName: 'Valley Clinic' };
    expect(checkRosterRow(org, place, ctx)).toMatchObject({ rejected: false, findings: [] });
    const noName = checkRosterRow({ ...org, orgName: '' }, place, ctx);
    expect(noName.findings.map((f) => [f.code, f.field])).toEqual([['E_REQUIRED', 'orgName']]);
  });

  it('infers an organisation when there is no entity type column', () => {
    const row = checkRosterRow({ npi: '1234567000', orgName: 'Valley Clinic' }, place, ctx).row;
    expect(row.entityType).toBe('organization');
  });

  it('rejects impossible and future dates of birth and drops sentinel ones', () => {
    expect(codes({ dob: '02/30/1980' })).toEqual(['E_DATE']);
    expect(codes({ dob: '01/01/2030' })).toEqual(['E_DATE']);
    const sentinel = check({ dob: '1800-12-27' });
    expect(sentinel).toMatchObject({ rejected: false, row: { dob: null } });
    expect(sentinel.findings.map((f) => f.code)).toEqual(['W_DATE']);
  });

  it('warns about and drops an invalid group NPI but keeps the row', () => {
    const out = check({ groupNpi: '1234567890' });
    expect(out).toMatchObject({ rejected: false, row: { groupNpi: null } });
    expect(out.findings.map((f) => [f.code, f.field])).toEqual([['W_GROUP_NPI', 'groupNpi']]);
    expect(check({ groupNpi: '1234567000' }).row.groupNpi).toBe('1234567000');
  });

  it('warns about a license number without a license state on an unlicensed taxonomy', () => {
    expect(codes({ licenseState: '', taxonomy: '3747P1801X' })).toEqual(['W_LICENSE_STATE']);
  });

  it('keeps rows with address and code warnings', () => {
    const out = check({ state: 'Zz', zip: '123', phone: '555', taxonomy: '999999999X', sex: '?' });
    expect(out.rejected).toBe(false);
    expect(out.findings.map((f) => f.code).sort()).toEqual(
      ['W_PHONE', 'W_SEX', 'W_STATE', 'W_TAXONOMY', 'W_ZIP'].sort(),
    );
  });

  it('never puts a name or date of birth into a message', () => {
    const out = check({ npi: 'x', lastName: 'Muñoz', firstName: '', dob: '02/30/1980' });
    const text = JSON.stringify(out.findings);
    expect(text).not.toMatch(/Muñoz|02\/30\/1980|1980/);
    expect(out.findings.length).toBe(3);
  });
});
