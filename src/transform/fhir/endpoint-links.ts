import { orgKey } from '../match-names.js';
import { byId, reference } from './common.js';
import { endpointId, toEndpoint, type Endpoint, type EndpointRow } from './endpoint.js';
import type { Reference } from './types.js';

/** An exported organisation as endpoint linking needs it. */
export interface LinkOrganization {
  id: string;
  npi: string | null;
  name: string | null;
}

/**
 * Which Endpoint goes where. Endpoints belong to an NPI; an organisation references all of
 * its own, a practitioner's go on its PractitionerRoles (R4 Practitioner has no `endpoint`).
 * Only referenced endpoints are exported, so every Endpoint in a set is reachable.
 */
export class EndpointLinks {
  /** NPI -> its endpoint rows, one per endpoint value (the first row of a value wins). */
  private readonly byNpi = new Map<string, EndpointRow[]>();
  private readonly used = new Set<string>();
  private orgByNpi = new Map<string, string>();
  /** Normalised organisation name -> id; null when two exported organisations share it. */
  private orgByName = new Map<string, string | null>();

  constructor(rows: readonly EndpointRow[]) {
    const seen = new Set<string>();
    for (const row of rows) {
      const id = endpointId(row.npi, row.address);
      if (seen.has(id)) continue;
      seen.add(id);
      const list = this.byNpi.get(row.npi) ?? [];
      list.push(row);
      this.byNpi.set(row.npi, list);
    }
  }

  /** The exported organisations, which endpoint affiliations and owners resolve to. */
  setOrganizations(orgs: readonly LinkOrganization[]): void {
    this.orgByNpi = new Map();
    this.orgByName = new Map();
    for (const o of orgs) {
      if (o.npi) this.orgByNpi.set(o.npi, o.id);
      const key = orgKey(o.name);
      if (key) this.orgByName.set(key, this.orgByName.has(key) ? null : o.id);
    }
  }

  /** An organisation's own endpoints. */
  forOrganization(npi: string | null): Reference[] | undefined {
    return this.refs(this.rowsOf(npi));
  }

  /**
   * A practitioner's endpoints for its role at `orgId`: those affiliated with that
   * organisation, plus those affiliated with none of the practitioner's role organisations
   * (they reach the practitioner wherever it works).
   */
  forRole(npi: string | null, orgId: string, roleOrgIds: ReadonlySet<string>): Reference[] {
    const rows = this.rowsOf(npi).filter((row) => {
      const managing = this.affiliationOf(row);
      return managing === orgId || managing === null || !roleOrgIds.has(managing);
    });
    return this.refs(rows) ?? [];
  }

  /** Marks references as exported (call once the resource that holds them is kept). */
  use(refs: readonly Reference[] | undefined): void {
    for (const r of refs ?? []) this.used.add(r.reference!.slice('Endpoint/'.length));
  }

  /** The Endpoint resources referenced so far, sorted by id. */
  resources(lastUpdated: string): Endpoint[] {
    const out: Endpoint[] = [];
    for (const [npi, rows] of this.byNpi) {
      for (const row of rows) {
        if (!this.used.has(endpointId(npi, row.address))) continue;
        const managing = this.affiliationOf(row) ?? this.orgByNpi.get(npi) ?? null;
        out.push(toEndpoint(row, managing, lastUpdated));
      }
    }
    return byId(out);
  }

  /** The exported organisation the affiliation names, when exactly one has that name. */
  private affiliationOf(row: EndpointRow): string | null {
    const key = orgKey(row.affiliationName);
    return key ? (this.orgByName.get(key) ?? null) : null;
  }

  private rowsOf(npi: string | null): EndpointRow[] {
    return npi ? (this.byNpi.get(npi) ?? []) : [];
  }

  private refs(rows: readonly EndpointRow[]): Reference[] | undefined {
    if (!rows.length) return undefined;
    const ids = rows.map((r) => endpointId(r.npi, r.address)).sort();
    return ids.map((id) => reference('Endpoint', id));
  }
}
