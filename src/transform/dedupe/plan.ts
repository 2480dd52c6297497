import { matchKey, type KeyContext } from './keys.js';
import { buildMaster, outlineClusters } from './outline.js';
import type { MemberRow, PlannedMaster } from './record.js';
import type { RowFlags } from './status.js';
import { isValidNpi } from '../npi.js';
import type { SurvivorshipSettings } from '../link/settings.js';

/** A planned master with every key its id may derive from, lowest first. */
export interface PlannedCluster extends PlannedMaster {
  keys: string[];
}

/**
 * Turns clusters of rows (from the match engine) into masters with their records: kind, the
 * NPI they rest on, the survived record, the status, and the members' foundation keys as id
 * candidates. Adds an organisation for every group NPI no organisation carries. Sorted by
 * first key. Holds every record: the stage itself builds them one at a time (outline.ts).
 */
export function planClusters(
  clusters: readonly MemberRow[][],
  flags: ReadonlyMap<number, RowFlags>,
  rules?: SurvivorshipSettings,
): PlannedCluster[] {
  const copies = clusters.map((c) => [...c]);
  const all = outlineClusters(copies, keyContext(copies.flat()));
  return all.outlines.map(({ cluster: _cluster, ...o }) => ({
    ...o,
    ...buildMaster({ ...o, cluster: _cluster }, copies, all, flags, rules),
  }));
}

/** The foundation rules alone (each row's key is its cluster): kept for callers and tests. */
export function planMasters(
  rows: readonly MemberRow[],
  flags: ReadonlyMap<number, RowFlags>,
): PlannedMaster[] {
  const ctx = keyContext(rows);
  const groups = new Map<string, MemberRow[]>();
  for (const row of rows) {
    const key = matchKey(row, ctx).key;
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return planClusters([...groups.values()], flags).map(({ keys: _keys, ...m }) => m);
}

export function keyContext(rows: readonly MemberRow[]): KeyContext {
  const orgRowNpis = new Set<string>();
  for (const r of rows) {
    if (r.entityType === 'organization' && isValidNpi(r.npi)) orgRowNpis.add(r.npi);
  }
  return { orgRowNpis };
}
