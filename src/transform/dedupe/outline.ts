import { groupKey, matchKey, type KeyContext, type MatchKey } from './keys.js';
import type { MasterKind, MasterRecord, MasterStatus, MatchRule, MemberRow } from './record.js';
import { masterStatus, type RowFlags } from './status.js';
import { surviveGroupReference, surviveRecord } from './survive.js';
import { isValidNpi } from '../npi.js';
import type { SurvivorshipSettings } from '../link/settings.js';

/**
 * A master before its record is built: enough to assign its id. Records are built one at a
 * time from an outline (`buildMaster`) so a million-row roster never holds every record.
 */
export interface MasterOutline {
  kind: MasterKind;
  key: string;
  /** Every key the id may derive from, lowest first. */
  keys: string[];
  rule: MatchRule;
  npi: string | null;
  rowIds: number[];
  /** Index into the clusters, or -1 for an organisation known only as a group. */
  cluster: number;
}

export interface Outlines {
  outlines: MasterOutline[];
  /** NPIs that resolve to an organisation master (for practitioners' group NPIs). */
  orgNpis: Set<string>;
  /** Group NPI -> the individual rows naming it, for group-reference organisations. */
  referrers: Map<string, MemberRow[]>;
}

export function outlineClusters(clusters: readonly MemberRow[][], ctx: KeyContext): Outlines {
  const outlines = clusters.map((members, i) => outlineOne(members, ctx, i));
  const personNpis = new Set<string>();
  const orgNpis = new Set<string>();
  for (const o of outlines)
    if (o.npi) (o.kind === 'practitioner' ? personNpis : orgNpis).add(o.npi);
  const referrers = new Map<string, MemberRow[]>();
  for (const [npi, refs] of groupReferrers(clusters)) {
    // A group NPI that is some practitioner's own NPI is type 1 and cannot be a group.
    if (personNpis.has(npi) || orgNpis.has(npi)) continue;
    const mk = groupKey(npi);
    outlines.push({ ...mk, keys: [mk.key], rowIds: [], cluster: -1 });
    orgNpis.add(npi);
    referrers.set(npi, refs);
  }
  outlines.sort((a, b) => cmp(a.key, b.key));
  return { outlines, orgNpis, referrers };
}

function outlineOne(members: MemberRow[], ctx: KeyContext, cluster: number): MasterOutline {
  members.sort((a, b) => a.rowId - b.rowId);
  const kind = clusterKind(members);
  const mks: MatchKey[] = members.map((r) => matchKey(r, ctx)).filter((k) => k.kind === kind);
  const keys = [...new Set(mks.map((k) => k.key))].sort(cmp);
  const first = mks.find((k) => k.key === keys[0]);
  return {
    kind,
    key: keys[0] ?? `row:${members[0].batchId}:${members[0].recordNo}`,
    keys,
    rule: first?.rule ?? 'row',
    npi: commonest(mks.flatMap((k) => (k.npi ? [k.npi] : []))),
    rowIds: members.map((r) => r.rowId),
    cluster,
  };
}

/** The survived record and status of one outline. */
export function buildMaster(
  o: MasterOutline,
  clusters: readonly MemberRow[][],
  all: Outlines,
  flags: ReadonlyMap<number, RowFlags>,
  rules?: SurvivorshipSettings,
): { record: MasterRecord; status: MasterStatus } {
  if (o.cluster < 0) {
    const refs = all.referrers.get(o.npi as string) ?? [];
    return { record: surviveGroupReference(o.npi as string, refs), status: 'active' };
  }
  const members = clusters[o.cluster];
  const record = surviveRecord(members, o.npi, { rules, flags });
  if (o.kind === 'practitioner')
    record.groupNpis = record.groupNpis.filter((n) => all.orgNpis.has(n));
  return { record, status: masterStatus(o.rowIds, flags) };
}

/** The kind most members have (a steward may merge across kinds; individuals win a tie). */
function clusterKind(members: readonly MemberRow[]): MasterKind {
  const orgs = members.filter((r) => r.entityType === 'organization').length;
  return orgs * 2 > members.length ? 'organization' : 'practitioner';
}

function commonest(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  for (const [v, n] of counts) {
    const bn = best === null ? 0 : (counts.get(best) as number);
    if (n > bn || (n === bn && best !== null && v < best)) best = v;
  }
  return best;
}

function groupReferrers(clusters: readonly MemberRow[][]): Map<string, MemberRow[]> {
  const out = new Map<string, MemberRow[]>();
  for (const members of clusters) {
    for (const row of members) {
      if (row.entityType !== 'individual' || !isValidNpi(row.groupNpi)) continue;
      if (row.groupNpi === row.npi) continue;
      const list = out.get(row.groupNpi);
      if (list) list.push(row);
      else out.set(row.groupNpi, [row]);
    }
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
