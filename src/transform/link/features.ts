import { isValidNpi } from '../npi.js';
import { orgKey } from '../match-names.js';
import { canonicalFirstName } from './nicknames.js';
import { soundex } from './phonetic.js';

/** The roster columns the features are built from (SQLite names). */
export interface FeatureSource {
  id: number;
  entity_type: string;
  npi: string | null;
  last_name: string | null;
  first_name: string | null;
  org_name: string | null;
  dob: string | null;
  sex: string | null;
  taxonomy: string | null;
  license_number: string | null;
  license_state: string | null;
  tin: string | null;
  address1: string | null;
  city: string | null;
  zip: string | null;
  phone: string | null;
}

/** One row of the DuckDB `feat` table: what blocking and comparison read. */
export interface Features {
  id: number;
  kind: 'individual' | 'organization';
  /** A Luhn-valid, non-placeholder NPI; invalid ones are never a key. */
  npi: string | null;
  last: string | null;
  first: string | null;
  first_canon: string | null;
  last_sx: string | null;
  first_sx: string | null;
  canon_sx: string | null;
  dob: string | null;
  sex: string | null;
  lic: string | null;
  lic_state: string | null;
  tin: string | null;
  org: string | null;
  addr: string | null;
  zip5: string | null;
  city: string | null;
  phone: string | null;
  taxonomy: string | null;
}

export const FEATURE_COLUMNS = [
  'id',
  'kind',
  'npi',
  'last',
  'first',
  'first_canon',
  'last_sx',
  'first_sx',
  'canon_sx',
  'dob',
  'sex',
  'lic',
  'lic_state',
  'tin',
  'org',
  'addr',
  'zip5',
  'city',
  'phone',
  'taxonomy',
] as const satisfies readonly (keyof Features)[];

export const FEATURE_SOURCE_SQL = `SELECT id, entity_type, npi, last_name, first_name, org_name,
  dob, sex, taxonomy, license_number, license_state, tin, address1, city, zip, phone
  FROM roster_rows`;

/** Upper-case letters only: accents folded; spaces, hyphens and apostrophes dropped. */
export function letters(value: string | null): string | null {
  if (!value) return null;
  const out = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  return out || null;
}

/** Upper-case words of letters and digits, single-spaced. */
function words(value: string | null): string | null {
  if (!value) return null;
  const out = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
  return out || null;
}

export function toFeatures(s: FeatureSource): Features {
  const last = letters(s.last_name);
  const first = letters(s.first_name);
  const firstCanon = canonicalFirstName(first);
  const digits = (v: string | null) => (v ? v.replace(/\D/g, '') || null : null);
  return {
    id: s.id,
    kind: s.entity_type === 'organization' ? 'organization' : 'individual',
    npi: isValidNpi(s.npi) ? s.npi : null,
    last,
    first,
    first_canon: firstCanon,
    last_sx: soundex(last),
    first_sx: soundex(first),
    canon_sx: soundex(firstCanon),
    dob: s.dob || null,
    sex: s.sex || null,
    lic: words(s.license_number)?.replace(/ /g, '') ?? null,
    lic_state: s.license_state || null,
    tin: digits(s.tin),
    org: orgKey(s.org_name),
    addr: words(s.address1),
    zip5: digits(s.zip)?.slice(0, 5) ?? null,
    city: words(s.city),
    phone: digits(s.phone),
    taxonomy: s.taxonomy || null,
  };
}
