/**
 * Clustering of linked pairs into providers: a union-find where steward must-links join first
 * and unconditionally, then automatic links in order of weight, each refused when it would put
 * a steward's cannot-link pair, or two different valid individual NPIs, into one cluster.
 * Checking at cluster level matters: A-B and B-C may each pass while A and C conflict.
 */
export interface Edge {
  left: number;
  right: number;
  weight: number;
}

export interface Constraints {
  must: readonly [number, number][];
  cannot: readonly [number, number][];
}

export interface ClusterStats {
  autoLinks: number;
  refusedByNpi: number;
  refusedBySteward: number;
}

export class Clusters {
  private readonly parent = new Map<number, number>();
  private readonly npis = new Map<number, Set<string>>();
  /** Root -> rows of its cluster that carry a cannot-link. */
  private readonly guarded = new Map<number, number[]>();
  private readonly cannot = new Map<number, Set<number>>();

  constructor(rowIds: Iterable<number>, npiOf: ReadonlyMap<number, string>) {
    for (const id of rowIds) {
      this.parent.set(id, id);
      const npi = npiOf.get(id);
      if (npi) this.npis.set(id, new Set([npi]));
    }
  }

  find(id: number): number {
    let root = id;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) {
      root = p;
    }
    for (let cur = id; cur !== root;) {
      const next = this.parent.get(cur) as number;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }

  addCannot(a: number, b: number): void {
    if (!this.parent.has(a) || !this.parent.has(b)) return;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const set = this.cannot.get(x) ?? new Set<number>();
      set.add(y);
      this.cannot.set(x, set);
      const root = this.find(x);
      this.guarded.set(root, [...(this.guarded.get(root) ?? []), x]);
    }
  }

  /** Why joining a and b is refused, or null when it may go ahead. */
  conflict(a: number, b: number): 'npi' | 'steward' | null {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return null;
    const na = this.npis.get(ra);
    const nb = this.npis.get(rb);
    if (na && nb && new Set([...na, ...nb]).size > Math.max(na.size, nb.size)) return 'npi';
    for (const row of this.guarded.get(ra) ?? []) {
      for (const other of this.cannot.get(row) ?? []) if (this.find(other) === rb) return 'steward';
    }
    return null;
  }

  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb || !this.parent.has(a) || !this.parent.has(b)) return false;
    if (rb < ra) [ra, rb] = [rb, ra];
    this.parent.set(rb, ra);
    const nb = this.npis.get(rb);
    if (nb) this.npis.set(ra, new Set([...(this.npis.get(ra) ?? []), ...nb]));
    this.npis.delete(rb);
    const gb = this.guarded.get(rb);
    if (gb) this.guarded.set(ra, [...(this.guarded.get(ra) ?? []), ...gb]);
    this.guarded.delete(rb);
    return true;
  }

  /** Clusters as sorted member lists, keyed by their smallest row id. */
  groups(): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (const id of this.parent.keys()) {
      const root = this.find(id);
      const list = out.get(root);
      if (list) list.push(id);
      else out.set(root, [id]);
    }
    for (const list of out.values()) list.sort((a, b) => a - b);
    return out;
  }
}

/** Edges strongest first; ties by row ids so the result does not depend on read order. */
export function orderEdges(edges: Edge[]): Edge[] {
  return edges.sort((a, b) => b.weight - a.weight || a.left - b.left || a.right - b.right);
}

/** Runs the whole clustering; returns the clusters and what the guards refused. */
export function clusterRows(
  rowIds: Iterable<number>,
  npiOf: ReadonlyMap<number, string>,
  edges: Edge[],
  constraints: Constraints,
): { groups: Map<number, number[]>; stats: ClusterStats } {
  const c = new Clusters(rowIds, npiOf);
  for (const [a, b] of constraints.must) c.union(a, b);
  for (const [a, b] of constraints.cannot) c.addCannot(a, b);
  const stats: ClusterStats = { autoLinks: 0, refusedByNpi: 0, refusedBySteward: 0 };
  for (const e of orderEdges(edges)) {
    const why = c.conflict(e.left, e.right);
    if (why === 'npi') stats.refusedByNpi += 1;
    else if (why === 'steward') stats.refusedBySteward += 1;
    else if (c.union(e.left, e.right)) stats.autoLinks += 1;
  }
  return { groups: c.groups(), stats };
}
