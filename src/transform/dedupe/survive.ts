import { PROVIDER_FIELDS, type ProviderRow } from '../../model.js';
import { isValidNpi } from '../npi.js';
import type { License, MasterRecord, MemberRow } from './record.js';

/** Address parts survive together, so a master never mixes a street from one row with the
 * city of another. */
const ADDRESS_FIELDS = ['address1', 'address2', 'city', 'state', 'zip'] as const;
type AddressField = (typeof ADDRESS_FIELDS)[number];
type Address = Pick<ProviderRow, AddressField>;

interface Candidate<T> {
  id: string;
  value: T;
  row: MemberRow;
}

interface Tally<T> {
  value: T;
  count: number;
  latest: string;
  firstRow: number;
}

/**
 * Orders distinct values by how many rows carry them; ties go to the value seen on the latest
 * `effectiveDate`, then to the one on the lowest row id. The first value is the survivor.
 */
export function rankValues<T>(candidates: Candidate<T>[]): T[] {
  const tallies = new Map<string, Tally<T>>();
  for (const { id, value, row } of candidates) {
    const date = row.effectiveDate ?? '';
    const t = tallies.get(id);
    if (!t) {
      tallies.set(id, { value, count: 1, latest: date, firstRow: row.rowId });
      continue;
    }
    t.count += 1;
    if (date > t.latest) t.latest = date;
    if (row.rowId < t.firstRow) t.firstRow = row.rowId;
  }
  return [...tallies.values()].sort(compareTallies).map((t) => t.value);
}

function compareTallies<T>(a: Tally<T>, b: Tally<T>): number {
  if (a.count !== b.count) return b.count - a.count;
  if (a.latest !== b.latest) return a.latest < b.latest ? 1 : -1;
  return a.firstRow - b.firstRow;
}

/** The survivor of one field, or null when no member has a value. */
export function surviveField<K extends keyof ProviderRow>(
  members: MemberRow[],
  field: K,
): ProviderRow[K] | null {
  const candidates: Candidate<ProviderRow[K]>[] = [];
  for (const row of members) {
    const value = row[field];
    if (value !== null && value !== '') candidates.push({ id: String(value), value, row });
  }
  return rankValues(candidates)[0] ?? null;
}

/**
 * Builds a master record from its member rows. `npi` is the NPI the match key rests on (null
 * for name+DOB and single-row masters), so an invalid or type-2 NPI never becomes the master's.
 */
export function surviveRecord(members: MemberRow[], npi: string | null): MasterRecord {
  const fields = {} as Record<string, unknown>;
  for (const field of PROVIDER_FIELDS) fields[field] = surviveField(members, field);
  Object.assign(fields, surviveAddress(members));
  const base = fields as unknown as ProviderRow;
  const isPerson = base.entityType === 'individual';
  return {
    ...base,
    npi,
    origin: 'roster',
    taxonomies: rankValues(pick(members, (r) => r.taxonomy)),
    licenses: rankLicenses(members),
    groupNpis: isPerson ? rankGroupNpis(members, npi) : [],
    sourceRows: members.map((r) => r.rowId).sort((a, b) => a - b),
  };
}

/** An organisation known only from individual rows that name it as their group. */
export function surviveGroupReference(npi: string, referrers: MemberRow[]): MasterRecord {
  const fields = {} as Record<string, unknown>;
  for (const field of PROVIDER_FIELDS) fields[field] = null;
  return {
    ...(fields as unknown as ProviderRow),
    entityType: 'organization',
    npi,
    orgName: surviveField(referrers, 'groupName'),
    origin: 'group-reference',
    taxonomies: [],
    licenses: [],
    groupNpis: [],
    sourceRows: referrers.map((r) => r.rowId).sort((a, b) => a - b),
  };
}

function surviveAddress(members: MemberRow[]): Address {
  const candidates: Candidate<Address>[] = [];
  for (const row of members) {
    if (!ADDRESS_FIELDS.some((f) => row[f])) continue;
    const value = {} as Address;
    for (const f of ADDRESS_FIELDS) value[f] = row[f] || null;
    candidates.push({ id: JSON.stringify(value), value, row });
  }
  const empty = Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, null])) as Address;
  return rankValues(candidates)[0] ?? empty;
}

function rankLicenses(members: MemberRow[]): License[] {
  const candidates: Candidate<License>[] = [];
  for (const row of members) {
    if (!row.licenseNumber) continue;
    const value = { number: row.licenseNumber, state: row.licenseState || null };
    candidates.push({ id: `${value.state}|${value.number}`, value, row });
  }
  return rankValues(candidates);
}

/** Valid group NPIs other than the practitioner's own (a solo provider may list itself). */
function rankGroupNpis(members: MemberRow[], ownNpi: string | null): string[] {
  return rankValues(
    pick(members, (r) => (isValidNpi(r.groupNpi) && r.groupNpi !== ownNpi ? r.groupNpi : null)),
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
