/**
 * Term-frequency adjustment: agreeing on a common surname is weaker evidence than agreeing
 * on a rare one. The model's u for a name level is an average over all surnames; for the
 * surname actually shared, the chance two different people carry it is its own frequency.
 */

/** Last-name frequencies among individuals (`tf_last`) and their average collision chance. */
export const TF_SQL = [
  `CREATE OR REPLACE TABLE tf_last AS
    SELECT last, count(*) / sum(count(*)) OVER () AS tf
    FROM feat WHERE kind = 'individual' AND last IS NOT NULL GROUP BY last`,
];

export const TF_AVERAGE_SQL = `SELECT coalesce(sum(tf * tf), 0) AS avg FROM tf_last`;

/** Largest adjustment in bits either way, so one name never decides a pair alone. */
export const TF_CLAMP = 6;

/** The adjustment in bits for a surname of frequency `tf`: log2(average / tf), clamped. */
export function tfAdjustment(tf: number, average: number, weight: number): number {
  if (!(tf > 0) || !(average > 0) || weight === 0) return 0;
  const bits = weight * Math.log2(average / tf);
  return Math.max(-TF_CLAMP, Math.min(TF_CLAMP, bits));
}

/** The same formula in SQL over a frequency column. */
export function tfAdjustmentSql(tfColumn: string, average: number, weight: number): string {
  if (!(average > 0) || weight === 0) return '0';
  return `greatest(-${TF_CLAMP}, least(${TF_CLAMP},
    ${weight} * log2(${average} / nullif(${tfColumn}, 0))))`;
}
