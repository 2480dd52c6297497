import { PROVIDER_FIELDS, type ProviderRow } from '../../model.js';
import { isValidNpi } from '../npi.js';
import { DEFAULT_SETTINGS, type SurvivorshipSettings } from '../link/settings.js';
import type { FieldProvenance, License, MasterRecord, MemberRow } from './record.js';
import type { RowFlags } from './status.js';

/** Address parts survive together, so a master never mixes a street from one row with the
 * city of another. */
const ADDRESS_FIELDS = ['address1', 'address2', 'city', 'state', 'zip'] as const;
type AddressField = (typeof ADDRESS_FIELDS)[number];
type Address = Pick<ProviderRow, AddressField>;

/** Fields an NPPES `verified` check confirms: the NPI is active and the name agrees. */
const CONFIRMABLE = new Set(['npi', 'lastName', 'firstName', 'orgName']);

export interface SurviveOptions {
  rules?: SurvivorshipSettings;
  flags?: ReadonlyMap<number, RowFlags>;
}

interface Candidate<T> {
  id: string;
  value: T;
  row: MemberRow;
}

interface Tally<T> {
  value: T;
  count: number;
  latest: string;
  confirmed: boolean;
  sourceRank: number;
  completeness: number;
  /** The row credited with the value: the best-ranked of the rows carrying it. */
  giver: MemberRow;
}

interface RankContext {
  field: string;
  rules: SurvivorshipSettings;
  flags: ReadonlyMap<number, RowFlags>;
}

const DEFAULT_CONTEXT: RankContext = {
  field: '',
  rules: DEFAULT_SETTINGS.survivorship,
  flags: new Map(),
};

/**
 * Orders distinct values by the field's survivorship rules (default: confirmed by a primary
 * source, most rows, latest effective date, most complete); last tie-break: the lowest row id.
 */
export function rankValues<T>(candidates: Candidate<T>[], ctx = DEFAULT_CONTEXT): T[] {
  return rankTallies(candidates, ctx).map((t) => t.value);
}

function rankTallies<T>(candidates: Candidate<T>[], ctx: RankContext): Tally<T>[] {
  const tallies = new Map<string, Tally<T>>();
  for (const { id, value, row } of candidates) {
    const t = tallies.get(id) ?? newTally(value, row, ctx);
    if (tallies.has(id)) {
      t.count += 1;
      const date = recency(row);
      if (date > t.latest) t.latest = date;
      t.confirmed ||= isConfirmed(row, ctx);
      t.sourceRank = Math.min(t.sourceRank, sourceRank(row, ctx));
      if (betterGiver(row, t.giver, ctx)) t.giver = row;
    }
    tallies.set(id, t);
  }
  const rules = ctx.rules.fields[ctx.field] ?? ctx.rules.default;
  return [...tallies.values()].sort((a, b) => compareTallies(a, b, rules));
}

function newTally<T>(value: T, row: MemberRow, ctx: RankContext): Tally<T> {
  return {
    value,
    count: 1,
    latest: recency(row),
    confirmed: isConfirmed(row, ctx),
    sourceRank: sourceRank(row, ctx),
    completeness: completeness(value),
    giver: row,
  };
}

function compareTallies<T>(a: Tally<T>, b: Tally<T>, rules: readonly string[]): number {
  for (const rule of rules) {
    let d = 0;
    if (rule === 'primary-source') d = Number(b.confirmed) - Number(a.confirmed);
    else if (rule === 'source-priority') d = a.sourceRank - b.sourceRank;
    else if (rule === 'recency') d = a.latest < b.latest ? 1 : a.latest > b.latest ? -1 : 0;
    else if (rule === 'completeness') d = b.completeness - a.completeness;
    else if (rule === 'frequency') d = b.count - a.count;
    if (d !== 0) return d;
  }
  return a.giver.rowId - b.giver.rowId;
}

/** The effective date, then the load time: a later roster is the more recent statement. */
function recency(row: MemberRow): string {
  return `${(row.effectiveDate ?? '').padEnd(10, ' ')}|${row.loadedAt ?? ''}`;
}

function isConfirmed(row: MemberRow, ctx: RankContext): boolean {
  return CONFIRMABLE.has(ctx.field) && ctx.flags.get(row.rowId)?.confirmed === true;
}

function sourceRank(row: MemberRow, ctx: RankContext): number {
  const i = ctx.rules.sourcePriority.findIndex((s) => s === row.source || s === row.batchId);
  return i < 0 ? ctx.rules.sourcePriority.length : i;
}

/** Filled parts for an object (an address), else the length of the text. */
function completeness(value: unknown): number {
  if (value && typeof value === 'object') return Object.values(value).filter((v) => v).length;
  return String(value ?? '').length;
}

function betterGiver(row: MemberRow, current: MemberRow, ctx: RankContext): boolean {
  const c = Number(isConfirmed(row, ctx)) - Number(isConfirmed(current, ctx));
  if (c !== 0) return c > 0;
  if (recency(row) !== recency(current)) return recency(row) > recency(current);
  return row.rowId < current.rowId;
}

function provenanceOf<T>(t: Tally<T> | undefined): FieldProvenance | null {
  if (!t) return null;
  return t.confirmed ? { rowId: t.giver.rowId, source: 'nppes' } : { rowId: t.giver.rowId };
}

/** The survivor of one field, or null when no member has a value. */
export function surviveField<K extends keyof ProviderRow>(
  members: MemberRow[],
  field: K,
  ctx: RankContext = { ...DEFAULT_CONTEXT, field },
): ProviderRow[K] | null {
  return surviveWithProvenance(members, field, ctx).value;
}

function surviveWithProvenance<K extends keyof ProviderRow>(
  members: MemberRow[],
  field: K,
  ctx: RankContext,
) {
  const candidates: Candidate<ProviderRow[K]>[] = [];
  for (const row of members) {
    const value = row[field];
    if (value !== null && value !== '') candidates.push({ id: String(value), value, row });
  }
  const best = rankTallies(candidates, { ...ctx, field })[0];
  return { value: best?.value ?? null, provenance: provenanceOf(best) };
}

/**
 * Builds a master record from its member rows. `npi` is the NPI the cluster rests on (null
 * without a valid one), so an invalid or type-2 NPI never becomes the master's.
 */
export function surviveRecord(
  members: MemberRow[],
  npi: string | null,
  opts: SurviveOptions = {},
): MasterRecord {
  const ctx: RankContext = {
    field: '',
    rules: opts.rules ?? DEFAULT_SETTINGS.survivorship,
    flags: opts.flags ?? new Map(),
  };
  const fields = {} as Record<string, unknown>;
  const provenance: Record<string, FieldProvenance> = {};
  for (const field of PROVIDER_FIELDS) {
    const s = surviveWithProvenance(members, field, ctx);
    fields[field] = s.value;
    if (s.provenance) provenance[field] = s.provenance;
  }
  const address = rankTallies(addressCandidates(members), { ...ctx, field: 'address' })[0];
  Object.assign(fields, address?.value ?? emptyAddress());
  const addrProv = provenanceOf(address);
  if (addrProv) provenance.address = addrProv;
  if (npi) provenance.npi = npiProvenance(members, npi, ctx);
  const base = fields as unknown as ProviderRow;
  const isPerson = base.entityType === 'individual';
  return {
    ...base,
    npi,
    origin: 'roster',
    taxonomies: rankValues(
      pick(members, (r) => r.taxonomy),
      { ...ctx, field: 'taxonomy' },
    ),
    licenses: rankLicenses(members, ctx),
    groupNpis: isPerson ? rankGroupNpis(members, npi, ctx) : [],
    sourceRows: members.map((r) => r.rowId).sort((a, b) => a - b),
    provenance,
  };
}

function npiProvenance(members: MemberRow[], npi: string, ctx: RankContext): FieldProvenance {
  const carriers = members.filter((r) => r.npi === npi);
  const confirmed = carriers.find((r) => ctx.flags.get(r.rowId)?.confirmed);
  if (confirmed) return { rowId: confirmed.rowId, source: 'nppes' };
  return { rowId: Math.min(...carriers.map((r) => r.rowId)) };
}

/** An organisation known only from individual rows that name it as their group. */
export function surviveGroupReference(npi: string, referrers: MemberRow[]): MasterRecord {
  const fields = {} as Record<string, unknown>;
  for (const field of PROVIDER_FIELDS) fields[field] = null;
  const orgName = surviveField(referrers, 'groupName');
  return {
    ...(fields as unknown as ProviderRow),
    entityType: 'organization',
    npi,
    orgName,
    origin: 'group-reference',
    taxonomies: [],
    licenses: [],
    groupNpis: [],
    sourceRows: referrers.map((r) => r.rowId).sort((a, b) => a - b),
    provenance: { npi: { source: 'roster-group' }, orgName: { source: 'roster-group' } },
  };
}

function addressCandidates(members: MemberRow[]): Candidate<Address>[] {
  const candidates: Candidate<Address>[] = [];
  for (const row of members) {
    if (!ADDRESS_FIELDS.some((f) => row[f])) continue;
    const value = {} as Address;
    for (const f of ADDRESS_FIELDS) value[f] = row[f] || null;
    candidates.push({ id: JSON.stringify(value), value, row });
  }
  return candidates;
}

function emptyAddress(): Address {
  return Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, null])) as Address;
}

function rankLicenses(members: MemberRow[], ctx: RankContext): License[] {
  const candidates: Candidate<License>[] = [];
  for (const row of members) {
    if (!row.licenseNumber) continue;
    const value = { number: row.licenseNumber, state: row.licenseState || null };
    candidates.push({ id: `${value.state}|${value.number}`, value, row });
  }
  return rankValues(candidates, { ...ctx, field: 'licenses' });
}

/** Valid group NPIs other than the practitioner's own (a solo provider may list itself). */
function rankGroupNpis(members: MemberRow[], ownNpi: string | null, ctx: RankContext): string[] {
  return rankValues(
    pick(members, (r) => (isValidNpi(r.groupNpi) && r.groupNpi !== ownNpi ? r.groupNpi : null)),
    { ...ctx, field: 'groupNpi' },
  );
}

function pick(members: MemberRow[], get: (row: MemberRow) => string | null): Candidate<string>[] {
  const out: Candidate<string>[] = [];
  for (const row of members) {
    const value = get(row);
    if (value) out.push({ id: value, value, row });
  }
  return out;
}
