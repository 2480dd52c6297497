/**
 * Street address lines in the USPS Publication 28 form: upper case, single spaces, no
 * punctuation but `#`, `-` and `/`, street suffixes, secondary units and directionals
 * abbreviated (`12 North Oak Street, Suite 4` -> `12 N OAK ST STE 4`). This is the stored form:
 * NPPES prints addresses the same way, so comparing them needs no second representation.
 */

/** Street suffixes (Pub. 28 appendix C1), the common ones. */
const STREET_SUFFIXES: Readonly<Record<string, string>> = {
  ALLEY: 'ALY',
  AVENUE: 'AVE',
  AV: 'AVE',
  BOULEVARD: 'BLVD',
  CIRCLE: 'CIR',
  COURT: 'CT',
  CENTER: 'CTR',
  DRIVE: 'DR',
  EXPRESSWAY: 'EXPY',
  FREEWAY: 'FWY',
  HIGHWAY: 'HWY',
  LANE: 'LN',
  PARKWAY: 'PKWY',
  PLACE: 'PL',
  PLAZA: 'PLZ',
  ROAD: 'RD',
  ROUTE: 'RTE',
  SQUARE: 'SQ',
  STREET: 'ST',
  STR: 'ST',
  TERRACE: 'TER',
  TRAIL: 'TRL',
  TURNPIKE: 'TPKE',
};

/** Secondary unit designators (Pub. 28 appendix C2). */
const UNITS: Readonly<Record<string, string>> = {
  APARTMENT: 'APT',
  BUILDING: 'BLDG',
  DEPARTMENT: 'DEPT',
  FLOOR: 'FL',
  ROOM: 'RM',
  SUITE: 'STE',
  STE: 'STE',
  UNIT: 'UNIT',
};

const DIRECTIONALS: Readonly<Record<string, string>> = {
  NORTH: 'N',
  SOUTH: 'S',
  EAST: 'E',
  WEST: 'W',
  NORTHEAST: 'NE',
  NORTHWEST: 'NW',
  SOUTHEAST: 'SE',
  SOUTHWEST: 'SW',
};

const SUFFIX_FORMS = new Set(Object.values(STREET_SUFFIXES));

/** One address line in USPS form; null when nothing but punctuation is left. */
export function normalizeAddressLine(value: string | null): string | null {
  if (value === null) return null;
  const words = value
    .toUpperCase()
    .replace(/[^\p{L}\p{N}#\-/ ]+/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
  const out = words.map((w, i) => abbreviate(w, words[i + 1]));
  return out.length ? out.join(' ') : null;
}

/**
 * A word's abbreviation where it plays that part. A suffix word is abbreviated only at the end
 * of the street name (last word, or before a directional or unit), so `Court Street` stays
 * `COURT ST`; a directional is kept when a suffix follows (`North Street` -> `NORTH ST`).
 */
function abbreviate(word: string, next: string | undefined): string {
  const unit = UNITS[word];
  if (unit) return unit;
  const suffix = STREET_SUFFIXES[word];
  if (suffix && (next === undefined || endsStreetName(next))) return suffix;
  const direction = DIRECTIONALS[word];
  if (direction && !(next !== undefined && isSuffix(next))) return direction;
  return word;
}

function endsStreetName(next: string): boolean {
  return next in DIRECTIONALS || next in UNITS || next.startsWith('#');
}

function isSuffix(word: string): boolean {
  return word in STREET_SUFFIXES || SUFFIX_FORMS.has(word);
}
