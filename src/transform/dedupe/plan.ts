import { groupKey, matchKey, type KeyContext, type MatchKey } from './keys.js';
import type { MemberRow, PlannedMaster } from './record.js';
import { masterStatus, type RowFlags } from './status.js';
import { surviveGroupReference, surviveRecord } from './survive.js';
import { isValidNpi } from '../npi.js';

/**
 * Runs the foundation rules over all roster rows: groups rows by match key, survives one record
 * per group, adds an organisation for every group NPI no organisation row carries, and keeps
 * only the group NPIs that resolve. Pure and order-independent; sorted by key.
 */
export function planMasters(
  rows: readonly MemberRow[],
  flags: ReadonlyMap<number, RowFlags>,
): PlannedMaster[] {
  const groups = groupByKey(rows, keyContext(rows));
  const planned = new Map<string, PlannedMaster>();
  for (const { mk, members } of groups.values()) {
    const rowIds = members.map((r) => r.rowId).sort((a, b) => a - b);
    const record = surviveRecord(members, mk.npi);
    const status = masterStatus(rowIds, flags);
    planned.set(mk.key, {
      kind: mk.kind,
      key: mk.key,
      rule: mk.rule,
      npi: mk.npi,
      record,
      status,
      rowIds,
    });
  }
  addGroupOrganizations(planned, rows);
  return [...planned.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function keyContext(rows: readonly MemberRow[]): KeyContext {
  const orgRowNpis = new Set<string>();
  for (const r of rows) {
    if (r.entityType === 'organization' && isValidNpi(r.npi)) orgRowNpis.add(r.npi);
  }
  return { orgRowNpis };
}

function groupByKey(rows: readonly MemberRow[], ctx: KeyContext) {
  const groups = new Map<string, { mk: MatchKey; members: MemberRow[] }>();
  for (const row of rows) {
    const mk = matchKey(row, ctx);
    const g = groups.get(mk.key);
    if (g) g.members.push(row);
    else groups.set(mk.key, { mk, members: [row] });
  }
  return groups;
}

/**
 * Every PractitionerRole needs an Organization to point at. A group NPI that is some
 * practitioner's own NPI is a type-1 number and cannot be a group, so it is dropped.
 */
function addGroupOrganizations(planned: Map<string, PlannedMaster>, rows: readonly MemberRow[]) {
  const personNpis = new Set<string>();
  for (const m of planned.values()) {
    if (m.kind === 'practitioner' && m.npi) personNpis.add(m.npi);
  }
  const referrers = groupReferrers(rows);
  for (const [npi, refs] of referrers) {
    const mk = groupKey(npi);
    if (personNpis.has(npi) || planned.has(mk.key)) continue;
    const record = surviveGroupReference(npi, refs);
    planned.set(mk.key, { ...mk, record, status: 'active', rowIds: [] });
  }
  for (const m of planned.values()) {
    if (m.kind !== 'practitioner') continue;
    m.record.groupNpis = m.record.groupNpis.filter((n) => planned.has(groupKey(n).key));
  }
}

function groupReferrers(rows: readonly MemberRow[]): Map<string, MemberRow[]> {
  const out = new Map<string, MemberRow[]>();
  for (const row of rows) {
    if (row.entityType !== 'individual' || !isValidNpi(row.groupNpi)) continue;
    if (row.groupNpi === row.npi) continue;
    const list = out.get(row.groupNpi);
    if (list) list.push(row);
    else out.set(row.groupNpi, [row]);
  }
  return out;
}
