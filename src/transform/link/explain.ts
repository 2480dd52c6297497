import { levelWeight, priorWeight, type Band, type KindModel } from './score.js';
import { tfAdjustment } from './tf.js';

/** One line of a pair's explanation, as stored in `match_pairs.comparisons`. */
export interface ComparisonWeight {
  field: string;
  level: string;
  weight: number;
  reason: string;
}

/** What the scorer knows about a pair when it writes the explanation. */
export interface ScoredLevels {
  levels: number[];
  /** Frequency of the shared last name, when the name level is term-frequency adjusted. */
  tf: number | null;
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * The per-field weights of a pair with a reason in plain English. The first entry is the
 * prior (how often a candidate pair is a match at all); a missing field weighs 0 and says so.
 */
export function explainLevels(
  model: KindModel,
  scored: ScoredLevels,
  tfAverage: number,
  tfWeight: number,
): ComparisonWeight[] {
  const prior = priorWeight(model);
  const out: ComparisonWeight[] = [
    {
      field: 'prior',
      level: 'candidate',
      weight: round(prior),
      reason: `about 1 candidate pair in ${Math.round(1 / model.lambda)} is a match`,
    },
  ];
  model.comparisons.forEach((c, i) => {
    const l = scored.levels[i] ?? -1;
    if (l < 0) {
      const reason = c.missingReason ?? 'missing on one side';
      out.push({ field: c.field, level: 'missing', weight: 0, reason });
      return;
    }
    const level = c.levels[l];
    out.push({
      field: c.field,
      level: level.name,
      weight: round(levelWeight(model, i, l)),
      reason: `${level.reason} (${odds(model.m[i][l], model.u[i][l])})`,
    });
    if (level.tf && scored.tf !== null) out.push(tfLine(scored.tf, tfAverage, tfWeight));
  });
  return out;
}

function tfLine(tf: number, average: number, weight: number): ComparisonWeight {
  const adj = tfAdjustment(tf, average, weight);
  const common = adj < 0 ? 'common' : 'uncommon';
  return {
    field: 'name-frequency',
    level: common,
    weight: round(adj),
    reason:
      `the shared last name is ${common}: about 1 provider in ${Math.max(1, Math.round(1 / tf))}` +
      ` carries it, so agreeing on it counts for ${adj < 0 ? 'less' : 'more'}`,
  };
}

function odds(m: number, u: number): string {
  const ratio = m / u;
  if (ratio >= 1) return `${fmt(ratio)} times more likely for the same provider`;
  return `${fmt(1 / ratio)} times more likely for different providers`;
}

function fmt(x: number): string {
  return x >= 100 ? String(Math.round(x)) : x.toFixed(1);
}

export interface StoredPair {
  id: string;
  leftRow: number;
  rightRow: number;
  rules: string[];
  weight: number;
  probability: number;
  band: Band;
  comparisons: ComparisonWeight[];
}

/** The text `credkit dedupe explain` prints: the verdict, then one line per field. */
export function renderExplanation(p: StoredPair, decision: string | null): string {
  const verdict = {
    link: 'linked automatically',
    review: 'waiting for steward review',
    'non-match': 'not linked',
  }[p.band];
  const lines = [
    `Pair ${p.id}: rows ${p.leftRow} and ${p.rightRow}, found by ${p.rules.join(', ')}`,
    `Total weight ${p.weight.toFixed(2)} bits, match probability ` +
      `${(p.probability * 100).toFixed(2)}%: ${verdict}`,
  ];
  if (decision) lines.push(`Steward decision: ${decision} (wins over the score)`);
  lines.push('', 'field           level         weight  reason');
  for (const c of p.comparisons) {
    const w = (c.weight >= 0 ? '+' : '') + c.weight.toFixed(2);
    lines.push(`${c.field.padEnd(15)} ${c.level.padEnd(12)} ${w.padStart(7)}  ${c.reason}`);
  }
  return lines.join('\n');
}
