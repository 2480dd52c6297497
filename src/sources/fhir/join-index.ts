import {
  isObject,
  list,
  npiOf,
  nuccCode,
  phoneOf,
  postalAddress,
  referenceKey,
  str,
  type Json,
  type PostalAddress,
} from './elements.js';

/** What a Practitioner's record needs from one of its PractitionerRoles. */
export interface RoleSummary {
  organization?: string;
  location?: string;
  taxonomy?: string;
  phone?: string;
  start?: string;
}

export interface OrgSummary {
  npi?: string;
  name?: string;
}

export interface SiteSummary {
  address?: PostalAddress;
  phone?: string;
}

/**
 * The resources other records point at, kept in compact form: Organizations and Locations by
 * reference key, PractitionerRoles by the Practitioner they name. Practitioners themselves are
 * never held, so memory grows with organisations, sites and roles only.
 */
export class JoinIndex {
  readonly organizations = new Map<string, OrgSummary>();
  readonly locations = new Map<string, SiteSummary>();
  readonly roles = new Map<string, RoleSummary[]>();

  /** Adds a resource when it is of a joined type; `fullUrl` is its Bundle entry URL, if any. */
  add(resource: Json, fullUrl?: string): void {
    const keys = resourceKeys(resource, fullUrl);
    switch (resource.resourceType) {
      case 'Organization':
        for (const k of keys)
          this.organizations.set(k, { npi: npiOf(resource), name: str(resource.name) });
        break;
      case 'Location':
        for (const k of keys)
          this.locations.set(k, { address: postalAddress(resource), phone: phoneOf(resource) });
        break;
      case 'PractitionerRole':
        this.addRole(resource);
        break;
    }
  }

  /** The roles of a practitioner in the order read; inactive roles are not kept. */
  rolesOf(resource: Json, fullUrl?: string): RoleSummary[] {
    return resourceKeys(resource, fullUrl).flatMap((k) => this.roles.get(k) ?? []);
  }

  private addRole(role: Json): void {
    const practitioner = referenceKey(role.practitioner);
    if (!practitioner || role.active === false) return;
    const summary: RoleSummary = {
      organization: referenceKey(role.organization),
      location: referenceKey(list(role.location)[0]),
      taxonomy: nuccCode(role.specialty),
      phone: phoneOf(role),
      start: isObject(role.period) ? str(role.period.start) : undefined,
    };
    const known = this.roles.get(practitioner);
    if (known) known.push(summary);
    else this.roles.set(practitioner, [summary]);
  }
}

/** `Type/id`, and the entry's fullUrl when the Bundle gave one. */
export function resourceKeys(resource: Json, fullUrl?: string): string[] {
  const keys: string[] = [];
  const id = str(resource.id);
  if (id) keys.push(`${String(resource.resourceType)}/${id}`);
  if (fullUrl)
    keys.push(
      fullUrl.startsWith('urn:') ? fullUrl : (referenceKey({ reference: fullUrl }) ?? fullUrl),
    );
  return keys;
}
