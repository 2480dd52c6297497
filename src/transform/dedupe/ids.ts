import { masterIdFor, sha256 } from './keys.js';
import type { MasterKind } from './record.js';

/** A master as stored before this run. */
export interface ExistingMaster {
  id: string;
  kind: MasterKind;
  key: string;
  createdAt: string;
  rowIds: number[];
}

/** A cluster to store: its kind, member rows and candidate keys (lowest first). */
export interface IdRequest {
  kind: MasterKind;
  keys: string[];
  rowIds: number[];
}

export interface IdAssignment {
  id: string;
  key: string;
  /** The id existed before (kept by membership, or by key for a member-less master). */
  kept: boolean;
  /** Set when the cluster got a new id because its rows left a master kept by another. */
  splitFrom: string | null;
}

export interface Retirement {
  id: string;
  /** The id that now holds most of its former rows; null when none of them is left. */
  into: string | null;
  rowIds: number[];
}

/**
 * Stable master ids. A cluster keeps the id of the existing master holding most of its rows
 * (ties: the oldest, then the smaller id); claims are settled largest share first, so after a
 * split the biggest part keeps the id. A cluster with no existing id gets one derived from its
 * lowest free key, reusing a member-less master stored under that key. Ids not kept retire.
 */
export function assignIds(
  requests: readonly IdRequest[],
  existing: readonly ExistingMaster[],
): { assignments: IdAssignment[]; retired: Retirement[] } {
  const byId = new Map(existing.map((m) => [m.id, m]));
  const masterOfRow = new Map<number, string>();
  for (const m of existing) for (const r of m.rowIds) masterOfRow.set(r, m.id);
  const out: (IdAssignment | null)[] = requests.map(() => null);
  const taken = new Set<string>();
  for (const claim of claims(requests, masterOfRow, byId)) {
    if (out[claim.request] || taken.has(claim.id)) continue;
    const m = byId.get(claim.id) as ExistingMaster;
    out[claim.request] = { id: m.id, key: m.key, kept: true, splitFrom: null };
    taken.add(m.id);
  }
  const byKey = new Map(existing.map((m) => [m.key, m]));
  const usedKeys = new Set(existing.filter((m) => taken.has(m.id)).map((m) => m.key));
  const allIds = new Set(existing.map((m) => m.id));
  requests.forEach((req, i) => {
    if (out[i]) return;
    const fresh = freshId(req, byKey, taken, usedKeys, allIds);
    const from = largestShare(req.rowIds, masterOfRow, byId);
    out[i] = { ...fresh, splitFrom: fresh.kept || !from ? null : from };
    taken.add(fresh.id);
    usedKeys.add(fresh.key);
  });
  const assignments = out as IdAssignment[];
  return { assignments, retired: retirements(existing, taken, assignments, requests) };
}

interface Claim {
  request: number;
  id: string;
  count: number;
  createdAt: string;
}

function claims(
  requests: readonly IdRequest[],
  masterOfRow: ReadonlyMap<number, string>,
  byId: ReadonlyMap<string, ExistingMaster>,
): Claim[] {
  const out: Claim[] = [];
  requests.forEach((req, request) => {
    const counts = new Map<string, number>();
    for (const r of req.rowIds) {
      const id = masterOfRow.get(r);
      if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const [id, count] of counts) {
      out.push({ request, id, count, createdAt: (byId.get(id) as ExistingMaster).createdAt });
    }
  });
  return out.sort(
    (a, b) =>
      b.count - a.count ||
      cmp(a.createdAt, b.createdAt) ||
      cmp(a.id, b.id) ||
      cmp(requests[a.request].keys[0] ?? '', requests[b.request].keys[0] ?? ''),
  );
}

function freshId(
  req: IdRequest,
  byKey: ReadonlyMap<string, ExistingMaster>,
  taken: ReadonlySet<string>,
  usedKeys: ReadonlySet<string>,
  allIds: ReadonlySet<string>,
): Omit<IdAssignment, 'splitFrom'> {
  for (const key of req.keys) {
    if (usedKeys.has(key)) continue;
    const old = byKey.get(key);
    if (old && !taken.has(old.id) && old.rowIds.length === 0 && old.kind === req.kind) {
      return { id: old.id, key, kept: true };
    }
    const id = masterIdFor(req.kind, key);
    if (!old && !taken.has(id) && !allIds.has(id)) return { id, key, kept: false };
  }
  // Every key is in use (a split of one NPI's rows): derive from the rows themselves.
  const key = `rows:${sha256(req.rowIds.join(',')).slice(0, 16)}`;
  return { id: masterIdFor(req.kind, key), key, kept: false };
}

function largestShare(
  rowIds: readonly number[],
  masterOfRow: ReadonlyMap<number, string>,
  byId: ReadonlyMap<string, ExistingMaster>,
): string | null {
  const counts = new Map<string, number>();
  for (const r of rowIds) {
    const id = masterOfRow.get(r);
    if (id && byId.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [id, n] of counts) {
    const bn = best ? (counts.get(best) as number) : -1;
    if (n > bn || (n === bn && best !== null && id < best)) best = id;
  }
  return best;
}

function retirements(
  existing: readonly ExistingMaster[],
  taken: ReadonlySet<string>,
  assignments: readonly IdAssignment[],
  requests: readonly IdRequest[],
): Retirement[] {
  const idOfRow = new Map<number, string>();
  requests.forEach((req, i) => {
    for (const r of req.rowIds) idOfRow.set(r, assignments[i].id);
  });
  return existing
    .filter((m) => !taken.has(m.id))
    .map((m) => {
      const counts = new Map<string, number>();
      for (const r of m.rowIds) {
        const id = idOfRow.get(r);
        if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const into = [...counts].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]?.[0] ?? null;
      return { id: m.id, into, rowIds: m.rowIds };
    });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
