import { usageError } from '../../errors.js';

/** How one field's value is chosen among a master's members, strongest rule first. */
export const SURVIVOR_RULES = [
  'primary-source',
  'source-priority',
  'recency',
  'completeness',
  'frequency',
] as const;
export type SurvivorRule = (typeof SURVIVOR_RULES)[number];

export interface SurvivorshipSettings {
  /** Rules for every field without its own list. */
  default: SurvivorRule[];
  /** Per-field rule lists (`address` stands for the whole address, `licenses` etc. too). */
  fields: Record<string, SurvivorRule[]>;
  /** Roster file names (or profile names), most trusted first; unlisted sources rank last. */
  sourcePriority: string[];
}

/** m (or u) probability per comparison level, by field, by kind of provider. */
export type LevelProbabilities = Record<string, Record<string, number>>;

export interface DedupeSettings {
  /** Match probability at or above which a pair links automatically; review at or above. */
  thresholds: { link: number; review: number };
  /** Blocks with more rows than this produce no pairs (counted in the result as oversized). */
  maxBlockSize: number;
  /** Non-match pairs with a total weight (bits) at or above this are stored for `explain`. */
  keepNonMatchAbove: number;
  em: {
    /** false: use the configured (or default) m probabilities as they are. */
    enabled: boolean;
    maxIterations: number;
    /** Stop when no m probability moves by more than this. */
    tolerance: number;
    /** Pseudo-count that pulls estimates toward the configured values on small rosters. */
    priorWeight: number;
  };
  /** Rows per kind drawn (deterministically) to estimate u from random pairs. */
  uSampleRows: number;
  /** Multiplier of the term-frequency adjustment; 0 turns it off. */
  tfWeight: number;
  /** Fixed m / u probabilities that override estimation: `{ individual: { name: { exact } } }`. */
  m: Partial<Record<'individual' | 'organization', LevelProbabilities>>;
  u: Partial<Record<'individual' | 'organization', LevelProbabilities>>;
  survivorship: SurvivorshipSettings;
}

export const DEFAULT_SETTINGS: DedupeSettings = {
  thresholds: { link: 0.99, review: 0.5 },
  maxBlockSize: 200,
  keepNonMatchAbove: -5,
  em: { enabled: true, maxIterations: 50, tolerance: 1e-4, priorWeight: 50 },
  uSampleRows: 1500,
  tfWeight: 1,
  m: {},
  u: {},
  survivorship: {
    default: ['primary-source', 'frequency', 'recency', 'completeness'],
    fields: {},
    sourcePriority: [],
  },
};

/**
 * Settings from the optional `dedupe` block of `credkit.config.json`, over the defaults.
 * Unknown keys and wrong types are usage errors naming the field, so a typo never silently
 * falls back to a default.
 */
export function resolveSettings(raw: unknown, file = 'credkit.config.json'): DedupeSettings {
  if (raw === undefined || raw === null) return structuredClone(DEFAULT_SETTINGS);
  const c = asObject(raw, 'dedupe', file);
  const out = structuredClone(DEFAULT_SETTINGS);
  for (const [key, value] of Object.entries(c)) {
    const field = `dedupe.${key}`;
    if (key === 'thresholds') out.thresholds = thresholds(value, field, file);
    else if (key === 'maxBlockSize') out.maxBlockSize = num(value, field, file, 2);
    else if (key === 'keepNonMatchAbove') out.keepNonMatchAbove = num(value, field, file);
    else if (key === 'uSampleRows') out.uSampleRows = num(value, field, file, 10);
    else if (key === 'tfWeight') out.tfWeight = num(value, field, file, 0);
    else if (key === 'em') out.em = { ...out.em, ...emBlock(value, field, file) };
    else if (key === 'm' || key === 'u') out[key] = probabilities(value, field, file);
    else if (key === 'survivorship') out.survivorship = survivorship(value, field, file);
    else throw usageError('E_CONFIG', `unknown setting "${field}"`, { file, field });
  }
  return out;
}

function thresholds(value: unknown, field: string, file: string) {
  const t = asObject(value, field, file);
  const link = prob(t.link ?? DEFAULT_SETTINGS.thresholds.link, `${field}.link`, file);
  const review = prob(t.review ?? DEFAULT_SETTINGS.thresholds.review, `${field}.review`, file);
  if (review > link) {
    throw usageError('E_CONFIG', `"${field}.review" must not exceed "${field}.link"`, {
      file,
      field,
    });
  }
  return { link, review };
}

function emBlock(value: unknown, field: string, file: string): Partial<DedupeSettings['em']> {
  const e = asObject(value, field, file);
  const out: Partial<DedupeSettings['em']> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === 'enabled' && typeof v === 'boolean') out.enabled = v;
    else if (k === 'maxIterations') out.maxIterations = num(v, `${field}.${k}`, file, 1);
    else if (k === 'tolerance') out.tolerance = num(v, `${field}.${k}`, file, 0);
    else if (k === 'priorWeight') out.priorWeight = num(v, `${field}.${k}`, file, 0);
    else throw usageError('E_CONFIG', `bad setting "${field}.${k}"`, { file, field });
  }
  return out;
}

function probabilities(value: unknown, field: string, file: string): DedupeSettings['m'] {
  const byKind = asObject(value, field, file);
  const out: DedupeSettings['m'] = {};
  for (const [kind, fields] of Object.entries(byKind)) {
    if (kind !== 'individual' && kind !== 'organization') {
      throw usageError('E_CONFIG', `"${field}" keys are individual or organization`, {
        file,
        field: `${field}.${kind}`,
      });
    }
    const levels: LevelProbabilities = {};
    for (const [f, lv] of Object.entries(asObject(fields, `${field}.${kind}`, file))) {
      const at = `${field}.${kind}.${f}`;
      levels[f] = Object.fromEntries(
        Object.entries(asObject(lv, at, file)).map(([l, p]) => [l, prob(p, `${at}.${l}`, file)]),
      );
    }
    out[kind] = levels;
  }
  return out;
}

function survivorship(value: unknown, field: string, file: string): SurvivorshipSettings {
  const s = asObject(value, field, file);
  const out = structuredClone(DEFAULT_SETTINGS.survivorship);
  if (s.default !== undefined) out.default = rules(s.default, `${field}.default`, file);
  if (s.fields !== undefined) {
    for (const [f, r] of Object.entries(asObject(s.fields, `${field}.fields`, file))) {
      out.fields[f] = rules(r, `${field}.fields.${f}`, file);
    }
  }
  if (s.sourcePriority !== undefined) {
    const list = s.sourcePriority;
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) {
      throw usageError('E_CONFIG', `"${field}.sourcePriority" must be a list of names`, {
        file,
        field: `${field}.sourcePriority`,
      });
    }
    out.sourcePriority = list as string[];
  }
  return out;
}

function rules(value: unknown, field: string, file: string): SurvivorRule[] {
  const ok = (x: unknown) => SURVIVOR_RULES.includes(x as SurvivorRule);
  if (!Array.isArray(value) || !value.every(ok)) {
    const names = SURVIVOR_RULES.join(', ');
    throw usageError('E_CONFIG', `"${field}" must be a list of: ${names}`, { file, field });
  }
  return value as SurvivorRule[];
}

function asObject(value: unknown, field: string, file: string): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  throw usageError('E_CONFIG', `"${field}" must be an object`, { file, field });
}

function num(value: unknown, field: string, file: string, min = -Infinity): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= min) return value;
  throw usageError('E_CONFIG', `"${field}" must be a number of at least ${min}`, { file, field });
}

function prob(value: unknown, field: string, file: string): number {
  if (typeof value === 'number' && value > 0 && value < 1) return value;
  throw usageError('E_CONFIG', `"${field}" must be a probability between 0 and 1`, {
    file,
    field,
  });
}
