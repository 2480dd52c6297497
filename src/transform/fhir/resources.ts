import type { MasterKind, MasterRecord, MasterStatus } from '../dedupe/record.js';
import { toOrganization, type Organization } from './organization.js';
import { toPractitioner, type Practitioner } from './practitioner.js';
import { toPractitionerRole, type PractitionerRole } from './practitioner-role.js';

/** Resource types of an export, in the order of the kick-off `_type` and the manifest. */
export const EXPORT_TYPES = ['Practitioner', 'PractitionerRole', 'Organization'] as const;

/** A stored master as the exporter reads it. */
export interface MasterView {
  id: string;
  kind: MasterKind;
  npi: string | null;
  status: MasterStatus;
  record: MasterRecord;
}

export interface ResourceSet {
  Practitioner: Practitioner[];
  PractitionerRole: PractitionerRole[];
  Organization: Organization[];
  /** Masters left out because they are excluded or deactivated. */
  excluded: number;
}

/**
 * Maps masters to resources, each list sorted by id. Plan-Net cannot carry inactive records,
 * so non-active masters are dropped, and so is any role whose organisation was dropped: every
 * reference in the set resolves.
 */
export function buildResources(masters: readonly MasterView[], lastUpdated: string): ResourceSet {
  const active = masters.filter((m) => m.status === 'active');
  const orgs = active.filter((m) => m.kind === 'organization');
  const people = active.filter((m) => m.kind === 'practitioner');
  const orgIdByNpi = new Map<string, string>();
  for (const o of orgs) if (o.npi) orgIdByNpi.set(o.npi, o.id);

  const roles: PractitionerRole[] = [];
  for (const p of people) {
    for (const npi of p.record.groupNpis) {
      const orgId = orgIdByNpi.get(npi);
      if (orgId) roles.push(toPractitionerRole(p.id, orgId, p.record, lastUpdated));
    }
  }
  return {
    Practitioner: byId(people.map((m) => toPractitioner(m.id, m.record, lastUpdated))),
    PractitionerRole: byId(roles),
    Organization: byId(orgs.map((m) => toOrganization(m.id, m.record, lastUpdated))),
    excluded: masters.length - active.length,
  };
}

/** Code-unit order, not locale order, so the sort is the same on every machine. */
function byId<T extends { id: string }>(list: T[]): T[] {
  return list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
