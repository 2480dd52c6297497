/**
 * Places for invented addresses: real city names with a ZIP prefix of that area and its area
 * code. Street numbers and phone lines are random, and phones use the 555-01xx range that is
 * reserved for fiction, so no address or number belongs to anyone.
 */
import type { Rng } from './prng.js';

export interface Place {
  city: string;
  state: string;
  /** First three digits of the ZIP; the last two are random. */
  zip3: string;
  areaCode: string;
}

function place(city: string, state: string, zip3: string, areaCode: string): Place {
  return { city, state, zip3, areaCode };
}

const OHIO: readonly Place[] = [
  place('Columbus', 'OH', '432', '614'),
  place('Cleveland', 'OH', '441', '216'),
  place('Cincinnati', 'OH', '452', '513'),
  place('Toledo', 'OH', '436', '419'),
  place('Akron', 'OH', '443', '330'),
  place('Dayton', 'OH', '454', '937'),
  place('Youngstown', 'OH', '445', '330'),
  place('Canton', 'OH', '447', '330'),
  place('Lorain', 'OH', '440', '440'),
  place('Springfield', 'OH', '455', '937'),
  place('Athens', 'OH', '457', '740'),
  place('Mansfield', 'OH', '449', '419'),
  place('Zanesville', 'OH', '437', '740'),
  place('Sandusky', 'OH', '448', '419'),
];

const NEIGHBOURS: readonly Place[] = [
  place('Pittsburgh', 'PA', '152', '412'),
  place('Erie', 'PA', '165', '814'),
  place('Detroit', 'MI', '482', '313'),
  place('Fort Wayne', 'IN', '468', '260'),
  place('Lexington', 'KY', '405', '859'),
  place('Covington', 'KY', '410', '859'),
  place('Wheeling', 'WV', '260', '304'),
  place('Parkersburg', 'WV', '261', '304'),
];

/** States whose ZIPs start with 0, so a loader that reads ZIPs as numbers loses a digit. */
const LEADING_ZERO: readonly Place[] = [
  place('Boston', 'MA', '021', '617'),
  place('Newark', 'NJ', '071', '973'),
];

/** Elsewhere in the US, for unrelated exclusion-list rows. */
export const FAR_AWAY: readonly Place[] = [
  place('Miami', 'FL', '331', '305'),
  place('Houston', 'TX', '770', '713'),
  place('Los Angeles', 'CA', '900', '213'),
  place('Brooklyn', 'NY', '112', '718'),
  place('Phoenix', 'AZ', '850', '602'),
  place('Atlanta', 'GA', '303', '404'),
  place('Chicago', 'IL', '606', '312'),
  place('Nashville', 'TN', '372', '615'),
];

/** A roster place: mostly Ohio, some neighbours, a few with leading-zero ZIPs. */
export function pickRosterPlace(rng: Rng): Place {
  const r = rng.next();
  if (r < 0.85) return rng.pick(OHIO);
  if (r < 0.97) return rng.pick(NEIGHBOURS);
  return rng.pick(LEADING_ZERO);
}

export function zip5(rng: Rng, p: Place): string {
  return p.zip3 + rng.digits(2);
}

/** A fictional number, `(614) 555-0123`. */
export function phone(rng: Rng, p: Place): string {
  return `(${p.areaCode}) 555-01${rng.digits(2)}`;
}

export function phoneDigits(formatted: string): string {
  return formatted.replace(/\D/g, '');
}
