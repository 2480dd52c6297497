/**
 * The invented providers. Provider `i` is a pure function of (seed, i), so any stage can
 * regenerate any provider without keeping the world in memory.
 */
import { withCheckDigit } from '../../src/transform/npi.js';
import type { EntityKind } from '../../src/model.js';
import { AS_OF, dayOf } from './dates.js';
import { phone, pickRosterPlace, zip5, type Place } from './places.js';
import { mixSeed, rngFor, STREAM, type Rng } from './prng.js';
import { INDIVIDUAL_SPECIALTIES, ORG_SPECIALTIES } from './taxonomy.js';
import * as vocab from './vocab.js';

export interface Provider {
  index: number;
  kind: EntityKind;
  npi: string;
  lastName: string;
  firstName: string;
  middleName: string;
  orgName: string;
  credential: string;
  nppesCredential: string;
  /** Day number (see dates.ts); null for organisations. */
  dob: number | null;
  sex: 'M' | 'F' | '';
  taxonomy: string;
  licenseNumber: string;
  licenseState: string;
  /** Index of the organisation the individual practises in, if any. */
  groupIndex: number | null;
  address1: string;
  address2: string;
  city: string;
  state: string;
  zip: string;
  phone: string;
  effective: number;
  enumerated: number;
  updated: number;
  leieGeneral: string;
  leieSpecialty: string;
}

/** One provider in ten is an organisation; a fixed stride lets anyone find the orgs by index. */
export function isOrgIndex(index: number): boolean {
  return index % 10 === 3;
}

/** The organisation an individual is rostered under: the nearest org index at or before it. */
function groupOf(index: number, providers: number): number | null {
  const g = index < 3 ? 3 : index - ((index - 3) % 10);
  return g < providers ? g : null;
}

// Multiplying by a number coprime with 10^8 permutes the 8-digit range: NPIs never collide.
const NPI_MULTIPLIER = 97_654_321;

/** The valid NPI of item `index` in the world's single index space. */
export function npiFor(seed: number, index: number): string {
  const salt = mixSeed(seed, 0x4e5049) % 100_000_000;
  const body = (index * NPI_MULTIPLIER + salt) % 100_000_000;
  const lead = index % 2 === 0 ? '1' : '2';
  return withCheckDigit(lead + String(body).padStart(8, '0'));
}

interface Address {
  address1: string;
  address2: string;
  city: string;
  state: string;
  zip: string;
  phone: string;
}

function makeAddress(rng: Rng, place: Place): Address {
  const street = `${rng.int(100, 9899)} ${rng.pick(vocab.STREETS)}`;
  // A few first lines carry a comma, so the roster needs RFC 4180 quoting.
  const address1 = rng.chance(0.08) ? `Building ${rng.pick(['A', 'B', 'C'])}, ${street}` : street;
  const r = rng.next();
  const address2 = r < 0.4 ? `Suite ${rng.int(100, 450)}` : r < 0.45 ? 'Floor 2' : '';
  return {
    address1,
    address2,
    city: place.city,
    state: place.state,
    zip: zip5(rng, place),
    phone: phone(rng, place),
  };
}

function pickAddress(rng: Rng, seed: number, group: number | null, providers: number): Address {
  const own = makeAddress(rng, pickRosterPlace(rng));
  if (group === null || !rng.chance(0.7)) return own;
  // Most members of a group practise at the group's address and answer on its phone.
  const { address1, address2, city, state, zip, phone } = makeProvider(seed, group, providers);
  return { address1, address2, city, state, zip, phone };
}

function dates(rng: Rng): Pick<Provider, 'effective' | 'enumerated' | 'updated'> {
  const first = dayOf(2005, 5, 23);
  const enumerated = first + rng.int(0, AS_OF - first - 400);
  const updated = enumerated + rng.int(0, AS_OF - enumerated);
  const effective = dayOf(2018, 1, 1) + rng.int(0, AS_OF - dayOf(2018, 1, 1));
  return { effective, enumerated, updated };
}

function makeIndividual(seed: number, index: number, providers: number, rng: Rng): Provider {
  const sex = rng.chance(0.5) ? 'F' : 'M';
  const spec = rng.pick(INDIVIDUAL_SPECIALTIES);
  const group = index < providers && rng.chance(0.85) ? groupOf(index, providers) : null;
  const addr = pickAddress(rng, seed, group, providers);
  return {
    index,
    kind: 'individual',
    npi: npiFor(seed, index),
    firstName: rng.pick(sex === 'F' ? vocab.FEMALE_GIVEN : vocab.MALE_GIVEN),
    middleName: rng.chance(0.6) ? rng.pick([...vocab.MIDDLE_INITIALS]) : '',
    lastName: rng.pick(vocab.ROSTER_SURNAMES),
    orgName: '',
    credential: spec.credential,
    nppesCredential: spec.nppesCredential,
    dob: dayOf(1950, 1, 1) + rng.int(0, 45 * 365),
    sex,
    taxonomy: spec.code,
    licenseNumber: spec.licensePrefix + rng.digits(6),
    licenseState: addr.state,
    groupIndex: group,
    ...addr,
    ...dates(rng),
    leieGeneral: spec.leieGeneral,
    leieSpecialty: spec.leieSpecialty,
  };
}

function makeOrganization(seed: number, index: number, rng: Rng): Provider {
  const spec = rng.pick(ORG_SPECIALTIES);
  const name = `${rng.pick(vocab.ORG_WORDS)} ${spec.nameTail}${rng.pick(vocab.ORG_SUFFIXES)}`;
  return {
    index,
    kind: 'organization',
    npi: npiFor(seed, index),
    lastName: '',
    firstName: '',
    middleName: '',
    orgName: name,
    credential: '',
    nppesCredential: '',
    dob: null,
    sex: '',
    taxonomy: spec.code,
    licenseNumber: '',
    licenseState: '',
    groupIndex: null,
    ...makeAddress(rng, pickRosterPlace(rng)),
    ...dates(rng),
    leieGeneral: spec.leieGeneral,
    leieSpecialty: spec.leieSpecialty,
  };
}

/** Provider `index`; indices at or above `providers` are NPPES-only extras (never grouped). */
export function makeProvider(seed: number, index: number, providers: number): Provider {
  const rng = rngFor(seed, STREAM.provider, index);
  return isOrgIndex(index)
    ? makeOrganization(seed, index, rng)
    : makeIndividual(seed, index, providers, rng);
}
