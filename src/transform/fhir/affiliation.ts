import { sha256 } from '../dedupe/keys.js';
import { SYSTEMS, meta, reference } from './common.js';
import type { CodeableConcept, Meta, Reference } from './types.js';

export interface OrganizationAffiliation {
  resourceType: 'OrganizationAffiliation';
  id: string;
  meta: Meta;
  active: true;
  organization: Reference;
  participatingOrganization: Reference;
  code: CodeableConcept[];
}

/** Plan-Net OrganizationAffiliationRoleCS `member`: the participant belongs to the group. */
const MEMBER: CodeableConcept = {
  coding: [{ system: SYSTEMS.affiliationRole, code: 'member', display: 'Member' }],
};

export function affiliationId(groupId: string, memberId: string): string {
  return `a-${sha256(`${groupId}|${memberId}`).slice(0, 16)}`;
}

/**
 * Group membership between two organisations: an organisation roster row that names another
 * exported organisation as its group. Practitioners in groups are PractitionerRoles instead.
 */
export function toAffiliation(
  groupId: string,
  memberId: string,
  lastUpdated: string,
): OrganizationAffiliation {
  return {
    resourceType: 'OrganizationAffiliation',
    id: affiliationId(groupId, memberId),
    meta: meta('OrganizationAffiliation', lastUpdated),
    active: true,
    organization: reference('Organization', groupId),
    participatingOrganization: reference('Organization', memberId),
    code: [MEMBER],
  };
}
