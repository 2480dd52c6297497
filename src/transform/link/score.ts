import { comparisonsFor, levelColumn, type Comparison, type Kind } from './compare.js';
import { tfAdjustmentSql } from './tf.js';

/** The fitted model of one kind of provider. */
export interface KindModel {
  kind: Kind;
  comparisons: Comparison[];
  m: number[][];
  u: number[][];
  /** Share of candidate pairs that match; its log-odds is the starting weight of a pair. */
  lambda: number;
}

export interface Thresholds {
  link: number;
  review: number;
}

export type Band = 'link' | 'review' | 'non-match';

/** log2(m/u) of a level: positive when the level is more likely for a match. */
export function levelWeight(model: KindModel, c: number, level: number): number {
  if (level < 0) return 0;
  return Math.log2(model.m[c][level] / model.u[c][level]);
}

export function priorWeight(model: KindModel): number {
  return Math.log2(model.lambda / (1 - model.lambda));
}

export function probabilityOf(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

/**
 * The band of a scored pair. Guard: two different valid NPIs on individuals never link
 * automatically; such a pair goes to review at most, where a steward can still match it.
 */
export function bandOf(
  probability: number,
  t: Thresholds,
  guards: { npiConflict: boolean; identityAgrees: boolean },
): Band {
  if (probability >= t.link) {
    return guards.npiConflict || !guards.identityAgrees ? 'review' : 'link';
  }
  return probability >= t.review ? 'review' : 'non-match';
}

/** SQL for the total weight of a pair in table `vec` joined with `tf_last t`. */
export function weightSql(models: readonly KindModel[], tfAverage: number, tfW: number): string {
  const perKind = models.map((model) => {
    const terms = model.comparisons.map((c, i) => {
      const col = levelColumn(c);
      const cases = c.levels.map((_, l) => `WHEN ${l} THEN ${levelWeight(model, i, l)}`);
      return `(CASE v.${col} ${cases.join(' ')} ELSE 0 END)`;
    });
    return `WHEN '${model.kind}' THEN ${priorWeight(model)} + ${terms.join(' + ')}`;
  });
  return `(CASE v.kind ${perKind.join(' ')} ELSE 0 END) + ${tfSql(models, tfAverage, tfW)}`;
}

function tfSql(models: readonly KindModel[], average: number, weight: number): string {
  const person = models.find((m) => m.kind === 'individual');
  const name = person?.comparisons.find((c) => c.field === 'name');
  if (!person || !name) return '0';
  const levels = name.levels.flatMap((l, i) => (l.tf ? [i] : []));
  const adj = tfAdjustmentSql('t.tf', average, weight);
  return `(CASE WHEN v.kind = 'individual' AND v.c_name IN (${levels.join(', ')})
    THEN coalesce(${adj}, 0) ELSE 0 END)`;
}

/** SQL: true when both rows are individuals with different valid NPIs. */
export function npiConflictSql(): string {
  const npi = comparisonsFor('individual').find((c) => c.field === 'npi') as Comparison;
  const disagree = npi.levels.findIndex((l) => l.name === 'disagree');
  return `(v.kind = 'individual' AND v.c_npi = ${disagree})`;
}

/**
 * SQL: true when some identifier of the provider agrees: NPI, licence or date of birth for
 * people, NPI or TIN for organisations. Without one, names and a shared practice address are
 * not enough to link automatically (colleagues share addresses and common first names).
 */
export function identityAgreesSql(): string {
  return `(v.c_npi = 0 OR (v.kind = 'individual' AND (v.c_license = 0 OR v.c_dob IN (0, 1, 2)))
    OR (v.kind = 'organization' AND v.c_tin = 0))`;
}

/** SQL: the band from `probability`, the NPI guard and the identifier guard. */
export function bandSql(t: Thresholds): string {
  return `CASE WHEN probability >= ${t.link}
      THEN (CASE WHEN npi_conflict OR NOT identity_agrees THEN 'review' ELSE 'link' END)
    WHEN probability >= ${t.review} THEN 'review' ELSE 'non-match' END`;
}
