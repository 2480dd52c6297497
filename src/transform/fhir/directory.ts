import type { MasterRecord } from '../dedupe/record.js';
import { hasAddress, phoneTelecom, type AddressParts } from './common.js';
import { toAffiliation, type OrganizationAffiliation } from './affiliation.js';
import type { Endpoint, EndpointRow } from './endpoint.js';
import { EndpointLinks } from './endpoint-links.js';
import { addressKey, locationId, toLocation, type Location } from './location.js';
import { toOrganization, type Organization } from './organization.js';
import type { ExportIssue, RowPlace } from './outcome.js';
import { personName, toPractitioner, type Practitioner } from './practitioner.js';
import { toPractitionerRole, type PractitionerRole } from './practitioner-role.js';
import type { MasterView, RowView } from './resources.js';

/** The Plan-Net directory part of an export, before verification and provenance. */
export interface Directory {
  Practitioner: Practitioner[];
  PractitionerRole: PractitionerRole[];
  Organization: Organization[];
  Location: Location[];
  Endpoint: Endpoint[];
  OrganizationAffiliation: OrganizationAffiliation[];
  issues: ExportIssue[];
}

interface Site {
  address: AddressParts;
  occupant: string;
  managingOrganizationId: string | null;
}

/**
 * Maps active masters to directory resources. A master missing an element Plan-Net requires
 * (Organization name or address, Practitioner family name) is left out with an `error` issue,
 * and so is everything pointing at it, so every reference in the set resolves. `endpoints`
 * are the NPPES endpoint rows of the masters' NPIs.
 */
export function buildDirectory(
  active: readonly MasterView[],
  rows: ReadonlyMap<number, RowView>,
  t: string,
  endpoints: readonly EndpointRow[] = [],
): Directory {
  const issues: ExportIssue[] = [];
  const sites = new Map<string, Site>();
  const links = new EndpointLinks(endpoints);
  const orgs = exportOrganizations(active, rows, t, { issues, sites, links });
  const people = exportPractitioners(active, rows, issues);
  for (const p of people) addSite(sites, p.record, displayName(p.record), null);

  const orgByNpi = new Map<string, { id: string; record: MasterRecord }>();
  for (const o of orgs.masters) if (o.npi) orgByNpi.set(o.npi, o);
  links.setOrganizations(
    orgs.masters.map((m) => ({ id: m.id, npi: m.npi, name: m.record.orgName })),
  );
  const roles = people.flatMap((p) => rolesOf(p, orgByNpi, rows, t, { issues, links }));
  return {
    Practitioner: people.map((m) => toPractitioner(m.id, m.record, t)),
    PractitionerRole: roles,
    Organization: orgs.resources,
    Location: [...sites.values()].map((s) =>
      toLocation(s.address, s.occupant, s.managingOrganizationId, t),
    ),
    Endpoint: links.resources(t),
    OrganizationAffiliation: affiliations(orgs.masters, orgByNpi, t),
    issues,
  };
}

function exportOrganizations(
  active: readonly MasterView[],
  rows: ReadonlyMap<number, RowView>,
  t: string,
  {
    issues,
    sites,
    links,
  }: { issues: ExportIssue[]; sites: Map<string, Site>; links: EndpointLinks },
) {
  const masters: MasterView[] = [];
  const resources: Organization[] = [];
  for (const m of active.filter((x) => x.kind === 'organization')) {
    const site = hasAddress(m.record) ? null : referrerAddress(m.record, rows);
    const address = site ?? m.record;
    if (!m.record.orgName) {
      issues.push(missing(m, rows, 'Organization.name', 'no organisation name; left out'));
    } else if (!hasAddress(address)) {
      const why = 'no address on its rows or its members\u2019 rows; left out (address 1..*)';
      issues.push(missing(m, rows, 'Organization.address', why));
    } else {
      masters.push(m);
      const endpoint = links.forOrganization(m.npi);
      links.use(endpoint);
      resources.push(toOrganization(m.id, m.record, t, site, endpoint));
      addSite(sites, address, m.record.orgName, m.id);
    }
  }
  return { masters, resources };
}

function exportPractitioners(
  active: readonly MasterView[],
  rows: ReadonlyMap<number, RowView>,
  issues: ExportIssue[],
): MasterView[] {
  const out: MasterView[] = [];
  for (const m of active.filter((x) => x.kind === 'practitioner')) {
    if (m.record.lastName) out.push(m);
    else issues.push(missing(m, rows, 'Practitioner.name.family', 'no family name; left out'));
  }
  return out;
}

/** The first occupant (organisations before practitioners, each by id) names the site. */
function addSite(
  sites: Map<string, Site>,
  address: AddressParts,
  occupant: string,
  orgId: string | null,
): void {
  if (!hasAddress(address)) return;
  const key = addressKey(address);
  if (!sites.has(key)) sites.set(key, { address, occupant, managingOrganizationId: orgId });
}

/**
 * A group known only by reference has no address of its own; the practice address most of
 * the rows naming it as their group carry is where the group practises.
 */
function referrerAddress(
  record: MasterRecord,
  rows: ReadonlyMap<number, RowView>,
): AddressParts | null {
  if (record.origin !== 'group-reference') return null;
  const tally = new Map<string, { value: AddressParts; count: number }>();
  for (const id of record.sourceRows) {
    const row = rows.get(id);
    if (!row || !hasAddress(row)) continue;
    const key = addressKey(row);
    const t = tally.get(key);
    if (t) t.count += 1;
    else tally.set(key, { value: pickAddress(row), count: 1 });
  }
  // Most rows first; sourceRows ascend, so a tie goes to the address seen first.
  let best: { value: AddressParts; count: number } | null = null;
  for (const t of tally.values()) if (!best || t.count > best.count) best = t;
  return best?.value ?? null;
}

function pickAddress(a: AddressParts): AddressParts {
  return { address1: a.address1, address2: a.address2, city: a.city, state: a.state, zip: a.zip };
}

/**
 * pd-1 needs telecom or endpoint: the practitioner's phone, else the group's (a role is
 * reached through its organisation), else the practitioner's NPPES endpoints; with none the
 * role is left out with a warning rather than sent invalid.
 */
function rolesOf(
  p: MasterView,
  orgByNpi: ReadonlyMap<string, { id: string; record: MasterRecord }>,
  rows: ReadonlyMap<number, RowView>,
  t: string,
  { issues, links }: { issues: ExportIssue[]; links: EndpointLinks },
): PractitionerRole[] {
  const locationIdOf = hasAddress(p.record) ? locationId(p.record) : null;
  const groups = p.record.groupNpis.flatMap((npi) => orgByNpi.get(npi) ?? []);
  const groupIds = new Set(groups.map((g) => g.id));
  const out: PractitionerRole[] = [];
  for (const org of groups) {
    const fallbackTelecom = phoneTelecom(org.record);
    const endpoint = links.forRole(p.npi, org.id, groupIds);
    if (!p.record.phone && !fallbackTelecom && !endpoint.length) {
      const why = `no phone for the role at ${org.id} (pd-1 needs telecom or endpoint); left out`;
      issues.push({ ...missing(p, rows, 'PractitionerRole.telecom', why), severity: 'warning' });
      continue;
    }
    links.use(endpoint);
    const context = { locationId: locationIdOf, fallbackTelecom, endpoint };
    out.push(toPractitionerRole(p.id, org.id, p.record, t, context));
  }
  return out;
}

/** An organisation row naming another exported organisation as its group. */
function affiliations(
  orgs: readonly MasterView[],
  orgByNpi: ReadonlyMap<string, { id: string }>,
  t: string,
): OrganizationAffiliation[] {
  const out: OrganizationAffiliation[] = [];
  for (const m of orgs) {
    const group = m.record.groupNpi ? orgByNpi.get(m.record.groupNpi) : undefined;
    if (group && group.id !== m.id) out.push(toAffiliation(group.id, m.id, t));
  }
  return out;
}

function displayName(record: MasterRecord): string {
  return personName(record)?.[0].text ?? 'Practice site';
}

export function placesOf(record: MasterRecord, rows: ReadonlyMap<number, RowView>): RowPlace[] {
  return record.sourceRows.flatMap((id) => {
    const r = rows.get(id);
    return r ? [{ file: r.file, line: r.line }] : [];
  });
}

function missing(
  m: MasterView,
  rows: ReadonlyMap<number, RowView>,
  element: string,
  message: string,
): ExportIssue {
  const places = placesOf(m.record, rows);
  return { severity: 'error', code: 'required', masterId: m.id, element, message, places };
}
