/**
 * Where the faults go. The plan is drawn once from the seed and holds only the planted items
 * (a few percent of N), never the providers themselves.
 */
import { usageError } from '../../src/errors.js';
import { rngFor, STREAM, type Rng } from './prng.js';
import { makeProvider, type Provider } from './provider.js';
import { isPlainAscii, misspell, transpose } from './text.js';
import { NICKNAMES, PLANTED_ORG_NAME, PLANTED_SURNAMES } from './vocab.js';

export type RowFault =
  | { kind: 'check-digit' }
  | { kind: 'short' }
  | { kind: 'missing'; field: 'Last Name' | 'Organization Name' };

export type DuplicateVariant = 'case' | 'typo' | 'suite' | 'nickname';

export interface DuplicateSlot {
  source: number;
  variant: DuplicateVariant;
}

export interface Plan {
  seed: number;
  rows: number;
  /** Distinct providers in the roster (rows minus duplicate rows). */
  providers: number;
  nppesExtras: number;
  leieRows: number;
  samRows: number;
  faults: Map<number, RowFault>;
  /** Duplicate rows keyed by their 1-based record number. */
  duplicates: Map<number, DuplicateSlot>;
  noDob: Set<number>;
  notInNppes: number[];
  deactivated: number;
  nameMismatch: number;
  leieByNpi: number;
  leieByNameDob: number;
  leieLookalike: number;
  samByNpi: number;
  samOrgName: number;
  /** Planted providers renamed so that no other roster provider shares their name. */
  renamed: Map<number, Partial<Provider>>;
}

export const MIN_ROWS = 100;

/** Counts that scale with N but never drop below the demo's fixed cases. */
function sizes(rows: number) {
  const at = (rate: number, min: number) => Math.max(min, Math.round(rows * rate));
  const missing = at(0.004, 5);
  return {
    duplicates: at(0.02, 15),
    checkDigit: at(0.004, 8),
    short: at(0.0005, 1),
    missingLast: Math.ceil(missing * 0.6),
    missingOrg: missing - Math.ceil(missing * 0.6),
    noDob: at(0.01, 4),
    nppesExtras: at(0.02, 20),
    leieRows: at(0.05, 60),
    samRows: at(0.03, 40),
  };
}

type Accept = (p: Provider) => boolean;

/** Draws unused provider indices below `limit` that pass `accept`. */
class Picker {
  private readonly used = new Set<number>();
  constructor(
    private readonly rng: Rng,
    private readonly seed: number,
    private readonly providers: number,
  ) {}

  pick(accept: Accept, limit = this.providers): number {
    const i = this.tryPick(accept, limit);
    if (i !== null) return i;
    throw usageError('E_SYNTH_TOO_SMALL', `Cannot place every planted fault in ${limit} rows`);
  }

  tryPick(accept: Accept, limit = this.providers): number | null {
    for (let attempt = 0; attempt < 20_000; attempt++) {
      const i = this.rng.int(0, limit - 1);
      if (this.used.has(i)) continue;
      if (!accept(makeProvider(this.seed, i, this.providers))) continue;
      this.used.add(i);
      return i;
    }
    return null;
  }

  many(count: number, accept: Accept): number[] {
    return Array.from({ length: count }, () => this.pick(accept));
  }
}

/**
 * Exclusion-list targets get a surname (or organisation name) that no other provider can draw,
 * so each planted list row hits only the provider it was planted for, at any N.
 */
function plantedNames(people: number[], org: number): Map<number, Partial<Provider>> {
  const renamed = new Map<number, Partial<Provider>>();
  people.forEach((i, k) => renamed.set(i, { lastName: PLANTED_SURNAMES[k] }));
  renamed.set(org, { orgName: PLANTED_ORG_NAME });
  return renamed;
}

/** Provider `index` as the files show it: generated, then renamed if the plan says so. */
export function providerAt(plan: Plan, index: number): Provider {
  const p = makeProvider(plan.seed, index, plan.providers);
  const rename = plan.renamed.get(index);
  return rename ? { ...p, ...rename } : p;
}

const individual: Accept = (p) => p.kind === 'individual';

export function makePlan(seed: number, rows: number): Plan {
  if (!Number.isInteger(rows) || rows < MIN_ROWS) {
    throw usageError('E_SYNTH_OPTIONS', `rows must be an integer of at least ${MIN_ROWS}`);
  }
  if (!Number.isSafeInteger(seed)) throw usageError('E_SYNTH_OPTIONS', 'seed must be an integer');
  const size = sizes(rows);
  const providers = rows - size.duplicates;
  const rng = rngFor(seed, STREAM.plan, 0);
  const picker = new Picker(rng, seed, providers);
  const targets = pickTargets(picker);
  const { faults, noDob } = pickFaults(picker, size);
  const duplicates = placeDuplicates(rng, picker, rows, size.duplicates);
  return {
    seed,
    rows,
    providers,
    nppesExtras: size.nppesExtras,
    leieRows: size.leieRows,
    samRows: size.samRows,
    faults,
    duplicates,
    noDob,
    ...targets,
  };
}

/** The providers behind the planted NPPES and exclusion-list cases. */
function pickTargets(picker: Picker) {
  const listed: Accept = (p) => individual(p) && isPlainAscii(p.firstName);
  const leieByNpi = picker.pick(listed);
  const leieByNameDob = picker.pick(listed);
  const leieLookalike = picker.pick(listed);
  const samByNpi = picker.pick(listed);
  const samOrgName = picker.pick((p) => p.kind === 'organization');
  const renamed = plantedNames([leieByNpi, leieByNameDob, leieLookalike, samByNpi], samOrgName);
  return {
    leieByNpi,
    leieByNameDob,
    leieLookalike,
    samByNpi,
    samOrgName,
    renamed,
    notInNppes: picker.many(3, individual),
    deactivated: picker.pick(individual),
    nameMismatch: picker.pick((p) => individual(p) && misspell(p.lastName) !== p.lastName),
  };
}

function pickFaults(picker: Picker, size: ReturnType<typeof sizes>) {
  const faults = new Map<number, RowFault>();
  const put = (ids: number[], fault: RowFault) => ids.forEach((i) => faults.set(i, fault));
  const org: Accept = (p) => p.kind === 'organization';
  put(picker.many(size.checkDigit, individual), { kind: 'check-digit' });
  put(picker.many(size.short, individual), { kind: 'short' });
  put(picker.many(size.missingLast, individual), { kind: 'missing', field: 'Last Name' });
  put(picker.many(size.missingOrg, org), { kind: 'missing', field: 'Organization Name' });
  return { faults, noDob: new Set(picker.many(size.noDob, individual)) };
}

const VARIANT_OK: Readonly<Record<DuplicateVariant, Accept>> = {
  case: individual,
  typo: (p) => individual(p) && transpose(p.firstName) !== p.firstName,
  suite: individual,
  nickname: (p) => individual(p) && p.firstName in NICKNAMES,
};
const VARIANTS: readonly DuplicateVariant[] = ['case', 'typo', 'suite', 'nickname'];

/**
 * Picks record numbers for the duplicate rows (none in the first quarter of the file) and, for
 * each, a provider whose own row comes earlier. A variant that finds no fitting provider there
 * (no name with a nickname, say) falls back to `case`, which fits anyone.
 */
function placeDuplicates(rng: Rng, picker: Picker, rows: number, count: number) {
  const low = Math.max(2, Math.ceil(rows * 0.25));
  const slots = new Set<number>();
  while (slots.size < count) slots.add(rng.int(low, rows));
  const sorted = [...slots].sort((a, b) => a - b);

  const out = new Map<number, DuplicateSlot>();
  sorted.forEach((record, k) => {
    const before = record - 1 - k;
    const wanted = VARIANTS[k % VARIANTS.length] as DuplicateVariant;
    const source = picker.tryPick(VARIANT_OK[wanted], before);
    if (source !== null) out.set(record, { source, variant: wanted });
    else out.set(record, { source: picker.pick(individual, before), variant: 'case' });
  });
  return out;
}
