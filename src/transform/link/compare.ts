/**
 * The field comparisons of the match model. Each comparison turns a pair of feature rows
 * (`l`, `r`, see features.ts) into a level: the first level whose SQL condition holds, else
 * the last (`disagree`); `missing` when either side lacks the value, which weighs nothing.
 * Levels carry the starting m probability and the plain-English reason `explain` prints.
 */
export type Kind = 'individual' | 'organization';

export interface Level {
  name: string;
  /** SQL over `l.*` and `r.*`; absent on the final catch-all level. */
  when?: string;
  /** Starting (and, without EM, fixed) P(level | same provider). */
  m: number;
  /** Starting P(level | different providers), before estimation from random pairs. */
  u: number;
  reason: string;
  /** Weight adjusted by how common the last name is (term frequency). */
  tf?: boolean;
}

export interface Comparison {
  field: string;
  /**
   * m held at its configured value instead of estimated: for identifiers that almost never
   * differ within one provider, EM would learn from colleagues sharing a practice instead.
   */
  fixedM?: boolean;
  kinds: readonly Kind[];
  /** SQL true when the comparison cannot be made (a side has no value). */
  missing: string;
  /** What `explain` says for a missing level, when more than "missing on one side". */
  missingReason?: string;
  levels: readonly Level[];
}

const both = (col: string) => `l.${col} IS NULL OR r.${col} IS NULL`;
const jw = (a: string, b: string) => `jaro_winkler_similarity(${a}, ${b})`;
function agreeDisagree(field: string, kinds: Kind[], what: string, m: number, u: number) {
  const comparison: Comparison = {
    field,
    kinds,
    missing: both(field),
    levels: [
      { name: 'agree', when: `l.${field} = r.${field}`, m, u, reason: `same ${what}` },
      { name: 'disagree', m: 1 - m, u: 1 - u, reason: `different ${what}` },
    ],
  };
  return comparison;
}

const ALL: Kind[] = ['individual', 'organization'];

export const COMPARISONS: readonly Comparison[] = [
  {
    field: 'npi',
    kinds: ALL,
    fixedM: true,
    missing: both('npi'),
    levels: [
      { name: 'agree', when: 'l.npi = r.npi', m: 0.999, u: 0.0001, reason: 'same valid NPI' },
      {
        name: 'disagree',
        m: 0.001,
        u: 0.9999,
        reason: 'two different valid NPIs: an NPI belongs to one provider',
      },
    ],
  },
  {
    field: 'name',
    kinds: ['individual'],
    missing: both('last'),
    levels: [
      {
        name: 'exact',
        when: 'l.last = r.last AND l.first = r.first',
        m: 0.8,
        u: 0.001,
        tf: true,
        reason: 'same first and last name',
      },
      {
        name: 'swapped',
        when: `${jw('l.last', 'r.first')} >= 0.95 AND ${jw('l.first', 'r.last')} >= 0.95`,
        m: 0.02,
        u: 0.00001,
        reason: 'first and last name swapped',
      },
      {
        name: 'nickname',
        when: 'l.last = r.last AND l.first_canon = r.first_canon',
        m: 0.04,
        u: 0.0002,
        tf: true,
        reason: 'same last name; first names are forms of one name (nickname)',
      },
      {
        name: 'typo',
        when: `${jw('l.last', 'r.last')} >= 0.92 AND ${jw('l.first', 'r.first')} >= 0.88`,
        m: 0.06,
        u: 0.002,
        reason: 'names nearly the same (a typo or a transposed letter)',
      },
      {
        name: 'first-only',
        when: 'l.first_canon = r.first_canon',
        m: 0.04,
        u: 0.02,
        reason: 'same first name, different last name (a changed surname, or another person)',
      },
      {
        name: 'last-only',
        when: 'l.last = r.last',
        m: 0.02,
        u: 0.02,
        tf: true,
        reason: 'same last name, different first name',
      },
      { name: 'disagree', m: 0.02, u: 0.95, reason: 'names differ' },
    ],
  },
  {
    field: 'dob',
    kinds: ['individual'],
    fixedM: true,
    missing: both('dob'),
    levels: [
      { name: 'exact', when: 'l.dob = r.dob', m: 0.9, u: 0.0005, reason: 'same date of birth' },
      {
        name: 'transposed',
        when: `substr(l.dob, 1, 4) = substr(r.dob, 1, 4)
          AND substr(l.dob, 6, 2) = substr(r.dob, 9, 2)
          AND substr(l.dob, 9, 2) = substr(r.dob, 6, 2)`,
        m: 0.02,
        u: 0.00002,
        reason: 'date of birth with month and day swapped',
      },
      {
        name: 'near',
        when: `damerau_levenshtein(l.dob, r.dob) <= 1
          OR abs(date_diff('day', TRY_CAST(l.dob AS DATE), TRY_CAST(r.dob AS DATE))) <= 31`,
        m: 0.0395,
        u: 0.002,
        reason: 'dates of birth one digit or under a month apart',
      },
      { name: 'disagree', m: 0.0005, u: 0.9975, reason: 'different dates of birth' },
    ],
  },
  agreeDisagree('sex', ['individual'], 'sex', 0.97, 0.5),
  {
    field: 'license',
    kinds: ['individual'],
    missing: both('lic'),
    levels: [
      {
        name: 'exact',
        when: 'l.lic = r.lic AND l.lic_state IS NOT DISTINCT FROM r.lic_state',
        m: 0.85,
        u: 0.0001,
        reason: 'same licence number in the same state',
      },
      {
        name: 'number',
        when: 'l.lic = r.lic',
        m: 0.03,
        u: 0.00005,
        reason: 'same licence number, another state',
      },
      { name: 'disagree', m: 0.12, u: 0.9998, reason: 'different licence numbers' },
    ],
  },
  {
    field: 'orgName',
    kinds: ['organization'],
    missing: both('org'),
    levels: [
      { name: 'exact', when: 'l.org = r.org', m: 0.85, u: 0.002, reason: 'same organisation name' },
      {
        name: 'similar',
        when: `${jw('l.org', 'r.org')} >= 0.9`,
        m: 0.1,
        u: 0.01,
        reason: 'organisation names nearly the same',
      },
      { name: 'disagree', m: 0.05, u: 0.988, reason: 'different organisation names' },
    ],
  },
  agreeDisagree('tin', ['organization'], 'TIN', 0.9, 0.001),
  {
    field: 'address',
    kinds: ALL,
    missing: both('addr'),
    levels: [
      {
        name: 'exact',
        when: 'l.addr = r.addr AND l.zip5 IS NOT DISTINCT FROM r.zip5',
        m: 0.75,
        u: 0.005,
        reason: 'same street address and ZIP',
      },
      {
        name: 'similar',
        when: `l.zip5 = r.zip5 AND ${jw('l.addr', 'r.addr')} >= 0.9`,
        m: 0.08,
        u: 0.002,
        reason: 'street address nearly the same, same ZIP',
      },
      {
        name: 'same-city',
        when: 'l.city = r.city',
        m: 0.07,
        u: 0.1,
        reason: 'another address in the same city',
      },
      { name: 'disagree', m: 0.1, u: 0.893, reason: 'addresses in different places (moved?)' },
    ],
  },
  {
    ...agreeDisagree('phone', ALL, 'phone number', 0.7, 0.01),
    // A practice's phone goes with its address: counting both would count one fact twice.
    missing: `${both('phone')} OR (l.addr = r.addr AND l.zip5 IS NOT DISTINCT FROM r.zip5)`,
    missingReason: 'missing on one side, or counted with the same address',
  },
  agreeDisagree('taxonomy', ALL, 'taxonomy (specialty)', 0.85, 0.1),
];

/** Comparisons that apply to a kind, in COMPARISONS order. */
export function comparisonsFor(kind: Kind): Comparison[] {
  return COMPARISONS.filter((c) => c.kinds.includes(kind));
}

/** Column name of a comparison's level in the pair table. */
export function levelColumn(c: Comparison): string {
  return `c_${c.field}`;
}

/**
 * The SQL that computes one comparison's level index: -1 missing, -2 not applicable to the
 * pair's kind, else the index of the first level that holds.
 */
export function levelSql(c: Comparison): string {
  const kinds = c.kinds.map((k) => `'${k}'`).join(', ');
  const whens = c.levels
    .slice(0, -1)
    .map((lv, i) => `WHEN ${lv.when} THEN ${i}`)
    .join(' ');
  const last = c.levels.length - 1;
  return `CAST(CASE WHEN l.kind NOT IN (${kinds}) THEN -2 WHEN ${c.missing} THEN -1
    ${whens} ELSE ${last} END AS TINYINT) AS ${levelColumn(c)}`;
}
