/**
 * Blocking: which row pairs are compared at all. Each rule makes a key per row; rows of the
 * same kind sharing a key under a rule form candidate pairs. A block larger than
 * `maxBlockSize` is skipped (a key that common tells nothing) and counted instead.
 */
export const BLOCKING_RULES = ['npi', 'license', 'name-dob', 'tin-org', 'address'] as const;
export type BlockingRule = (typeof BLOCKING_RULES)[number];

/** What each rule keys on, for the README and `explain`. */
export const RULE_DESCRIPTIONS: Readonly<Record<BlockingRule, string>> = {
  npi: 'same valid NPI',
  license: 'same licence number and state',
  'name-dob': 'same Soundex of the last name (or of both names, either order) and DOB',
  'tin-org': 'same TIN and normalised organisation name',
  address: 'same street address and ZIP (and, for people, Soundex of the first name)',
};

/**
 * The block keys of `feat` as one table `(rule, key, kind, id)`. The name-dob rule also keys
 * both names' Soundex codes in sorted order with the DOB, so swapped first/last names share a
 * block. (A first name with the DOB alone would pair everyone born on one day with a common
 * first name: at a million rows that is most of the pairs.)
 */
export const BLOCK_KEYS_SQL = `
CREATE OR REPLACE TABLE bkeys AS
SELECT DISTINCT rule, key, kind, id FROM (
  SELECT 'npi' AS rule, npi AS key, kind, id FROM feat WHERE npi IS NOT NULL
  UNION ALL SELECT 'license', lic_state || '|' || lic, kind, id FROM feat
    WHERE lic IS NOT NULL AND lic_state IS NOT NULL
  UNION ALL SELECT 'name-dob', last_sx || '|' || dob, kind, id FROM feat
    WHERE kind = 'individual' AND last_sx IS NOT NULL AND dob IS NOT NULL
  UNION ALL SELECT 'name-dob', least(last_sx, first_sx) || '|' || greatest(last_sx, first_sx)
      || '|' || dob, kind, id FROM feat
    WHERE kind = 'individual' AND last_sx IS NOT NULL AND first_sx IS NOT NULL
      AND dob IS NOT NULL
  UNION ALL SELECT 'tin-org', tin || '|' || org, kind, id FROM feat
    WHERE kind = 'organization' AND tin IS NOT NULL AND org IS NOT NULL
  UNION ALL SELECT 'address', zip5 || '|' || addr || '|' || coalesce(canon_sx, ''), kind, id
    FROM feat WHERE addr IS NOT NULL AND zip5 IS NOT NULL
)`;

/** Candidate pairs per rule (`cand`), then one row per pair with its rules (`pairs`). */
export function pairsSql(maxBlockSize: number): string[] {
  return [
    `CREATE OR REPLACE TABLE bsize AS
      SELECT rule, key, kind, count(*) AS n FROM bkeys GROUP BY ALL`,
    `CREATE OR REPLACE TABLE cand AS
      SELECT a.id AS lid, b.id AS rid, a.rule
      FROM bkeys a
      JOIN bkeys b ON a.rule = b.rule AND a.key = b.key AND a.kind = b.kind AND a.id < b.id
      JOIN bsize s ON s.rule = a.rule AND s.key = a.key AND s.kind = a.kind
      WHERE s.n <= ${Math.floor(maxBlockSize)}`,
    `CREATE OR REPLACE TABLE pairs AS
      SELECT lid, rid, list_sort(list(DISTINCT rule)) AS rules FROM cand GROUP BY lid, rid`,
  ];
}

/** Pairs produced per rule (a pair found by two rules counts for both). */
export const RULE_COUNTS_SQL = `SELECT rule, count(*)::INTEGER AS n
  FROM (SELECT DISTINCT lid, rid, rule FROM cand) GROUP BY rule`;

/** Blocks skipped for size, per rule. */
export function oversizedSql(maxBlockSize: number): string {
  return `SELECT rule, count(*)::INTEGER AS n FROM bsize
    WHERE n > ${Math.floor(maxBlockSize)} GROUP BY rule`;
}
