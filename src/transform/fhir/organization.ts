import type { MasterRecord } from '../dedupe/record.js';
import { SYSTEMS, identifiers, meta, phoneTelecom, workAddress } from './common.js';
import type { AddressParts } from './common.js';
import type { Address, CodeableConcept, ContactPoint, Identifier, Meta } from './types.js';
import type { Reference } from './types.js';

export interface Organization {
  resourceType: 'Organization';
  id: string;
  meta: Meta;
  identifier: Identifier[];
  active: true;
  type: CodeableConcept[];
  name?: string;
  telecom?: ContactPoint[];
  address?: Address[];
  endpoint?: Reference[];
}

/** Roster organisations are billing groups, so all carry Plan-Net type `prvgrp`. */
const PROVIDER_GROUP: CodeableConcept = {
  coding: [{ system: SYSTEMS.orgType, code: 'prvgrp', display: 'Provider Group' }],
};

/**
 * An organisation master as a Plan-Net Organization (active only; TIN/EIN never mapped).
 * `siteAddress` stands in for a group known only by reference: the practice address its
 * member rows give, since Plan-Net requires an address.
 */
export function toOrganization(
  id: string,
  record: MasterRecord,
  lastUpdated: string,
  siteAddress: AddressParts | null = null,
  endpoint?: Reference[],
): Organization {
  return {
    resourceType: 'Organization',
    id,
    meta: meta('Organization', lastUpdated),
    identifier: identifiers(id, record.npi),
    active: true,
    type: [PROVIDER_GROUP],
    name: record.orgName ?? undefined,
    telecom: phoneTelecom(record),
    address: workAddress(record) ?? (siteAddress ? workAddress(siteAddress) : undefined),
    endpoint,
  };
}
