import { describe, expect, it } from 'vitest';
import { fieldLabel, mapHeader, pickFields } from '../../../src/sources/roster/mapping.js';
import { GENERIC_PROFILE, foldHeader } from '../../../src/sources/roster/profiles.js';

const DEMO_HEADER =
  'Provider NPI,Entity Type,Last Name,First Name,Middle Name,Organization Name,Credential,' +
  'Date of Birth,Sex,Taxonomy Code,License Number,License State,Group NPI,Group Name,' +
  'Address Line 1,Address Line 2,City,State,ZIP,Phone,Effective Date';

const map = (header: string[]) => mapHeader(header, GENERIC_PROFILE, 'r.csv');

describe('generic roster profile', () => {
  it('maps every column of the demo roster header', () => {
    const m = map(DEMO_HEADER.split(','));
    expect(m.unknown).toEqual([]);
    expect(Object.keys(m.index)).toHaveLength(21);
    expect(m.index).toMatchObject({ npi: 0, dob: 7, zip: 18, effectiveDate: 20 });
  });

  it('matches header names whatever their case, spacing and punctuation', () => {
    const m = map(['npi_number', 'LAST_NAME', 'first-name', 'DOB', 'License #', 'Postal Code']);
    expect(m.index).toEqual({
      npi: 0,
      lastName: 1,
      firstName: 2,
      dob: 3,
      licenseNumber: 4,
      zip: 5,
    });
    expect(foldHeader(' Zip  Code ')).toBe('zipcode');
  });

  it('knows the usual synonyms', () => {
    const m = map(['NPI', 'Surname', 'Birth Date', 'Entity', 'Billing NPI', 'Taxonomy', 'EIN']);
    expect(m.index).toMatchObject({ lastName: 1, dob: 2, entityType: 3, groupNpi: 4, taxonomy: 5 });
    expect(m.index.tin).toBe(6);
    expect(map(['NPI', 'Last Name', 'Provider Type']).index.providerType).toBe(2);
  });

  it('reports unknown columns without failing', () => {
    expect(map(['NPI', 'Last Name', 'Shoe Size']).unknown).toEqual(['Shoe Size']);
  });

  it('lists every missing required column at once', () => {
    expect(() => map(['City', 'State'])).toThrow(
      "missing required columns: 'NPI'; 'Last Name' or 'Organization Name'",
    );
    expect(() => map(['Organization Name'])).toThrow("missing required columns: 'NPI'");
  });

  it('refuses two columns that map to the same field', () => {
    expect(() => map(['NPI', 'Provider NPI', 'Last Name'])).toThrow(
      "columns 'NPI' and 'Provider NPI' both map to npi",
    );
  });

  it('picks cells by field and labels fields by the file header', () => {
    const m = map(['Last Name', 'NPI']);
    expect(pickFields([' Lind ', '1234567893'], m)).toEqual({
      lastName: ' Lind ',
      npi: '1234567893',
    });
    expect(fieldLabel('lastName', m, GENERIC_PROFILE)).toBe('Last Name');
    expect(fieldLabel('dob', m, GENERIC_PROFILE)).toBe('Date of Birth');
  });
});
