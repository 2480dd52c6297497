/**
 * Parties for the exclusion lists that are not on the roster. Their surnames and business words
 * come from lists the roster never uses, so they cannot match a roster provider by name; their
 * NPIs come from an index range above every roster and NPPES index.
 */
import { dayOf } from './dates.js';
import { FAR_AWAY, pickRosterPlace, zip5, type Place } from './places.js';
import type { Plan } from './plan.js';
import type { Rng } from './prng.js';
import { npiFor } from './provider.js';
import { INDIVIDUAL_SPECIALTIES, ORG_SPECIALTIES } from './taxonomy.js';
import { registryCase } from './text.js';
import * as vocab from './vocab.js';

export interface Party {
  kind: 'individual' | 'business';
  lastName: string;
  firstName: string;
  middleName: string;
  businessName: string;
  dob: number | null;
  address1: string;
  city: string;
  state: string;
  zip: string;
  general: string;
  specialty: string;
}

/** NPI of unrelated party `k`: indices above roster and NPPES; `offset` keeps lists apart. */
export function unrelatedNpi(plan: Plan, offset: number, k: number): string {
  return npiFor(plan.seed, plan.providers + plan.nppesExtras + offset + k);
}

function partyPlace(rng: Rng): Place {
  return rng.chance(0.4) ? pickRosterPlace(rng) : rng.pick(FAR_AWAY);
}

export function unrelatedParty(rng: Rng, individualShare: number): Party {
  const place = partyPlace(rng);
  const base = {
    address1: registryCase(`${rng.int(10, 9999)} ${rng.pick(vocab.STREETS)}`),
    city: registryCase(place.city),
    state: place.state,
    zip: zip5(rng, place),
  };
  if (rng.chance(individualShare)) {
    const spec = rng.pick(INDIVIDUAL_SPECIALTIES);
    const female = rng.chance(0.5);
    return {
      kind: 'individual',
      lastName: registryCase(rng.pick(vocab.EXCLUSION_SURNAMES)),
      firstName: registryCase(rng.pick(female ? vocab.FEMALE_GIVEN : vocab.MALE_GIVEN)),
      middleName: rng.chance(0.5) ? rng.pick([...vocab.MIDDLE_INITIALS]) : '',
      businessName: '',
      dob: dayOf(1945, 1, 1) + rng.int(0, 50 * 365),
      general: spec.leieGeneral,
      specialty: spec.leieSpecialty,
      ...base,
    };
  }
  const spec = rng.pick(ORG_SPECIALTIES);
  const name = `${rng.pick(vocab.EXCLUDED_BUSINESS_WORDS)} ${spec.nameTail}`;
  return {
    kind: 'business',
    lastName: '',
    firstName: '',
    middleName: '',
    businessName: registryCase(name + rng.pick(vocab.ORG_SUFFIXES)),
    dob: null,
    general: spec.leieGeneral,
    specialty: spec.leieSpecialty,
    ...base,
  };
}
