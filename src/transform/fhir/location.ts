import { sha256 } from '../dedupe/keys.js';
import { meta, reference, toAddress, type AddressParts } from './common.js';
import type { Address, Meta, Reference } from './types.js';

export interface Location {
  resourceType: 'Location';
  id: string;
  meta: Meta;
  status: 'active';
  name: string;
  address: Address;
  managingOrganization?: Reference;
}

/**
 * The comparison form of a practice address: upper case, punctuation dropped, spaces
 * collapsed, ZIP cut to five digits. Two masters at `12 Main St.` and `12 MAIN ST` share one
 * Location.
 */
export function addressKey(a: AddressParts): string {
  const clean = (v: string | null) =>
    (v ?? '')
      .toUpperCase()
      .replace(/[^A-Z0-9 ]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const zip = (a.zip ?? '').replace(/\D/g, '').slice(0, 5);
  return [clean(a.address1), clean(a.address2), clean(a.city), clean(a.state), zip].join('|');
}

/** Stable id from the normalised address alone, so it survives any change of its occupants. */
export function locationId(a: AddressParts): string {
  return `l-${sha256(addressKey(a)).slice(0, 16)}`;
}

/**
 * A practice site as a Plan-Net Location: `status` fixed `active`, `mode` never set (Plan-Net
 * forbids it). `name` is the occupant's name and the city, the label a directory shows.
 */
export function toLocation(
  address: AddressParts,
  occupant: string,
  managingOrganizationId: string | null,
  lastUpdated: string,
): Location {
  const name = address.city ? `${occupant} - ${address.city}` : occupant;
  return {
    resourceType: 'Location',
    id: locationId(address),
    meta: meta('Location', lastUpdated),
    status: 'active',
    name,
    address: toAddress(address),
    managingOrganization: managingOrganizationId
      ? reference('Organization', managingOrganizationId)
      : undefined,
  };
}
