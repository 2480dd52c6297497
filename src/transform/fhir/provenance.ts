import { SYSTEMS, meta, reference } from './common.js';
import type { CodeableConcept, Identifier, Meta, Reference } from './types.js';

/** Logical ids of the two fixed resources every export carries. */
export const AGENCY_ID = 'o-state-agency';
export const DEVICE_ID = 'credkit';
export const DEFAULT_AGENCY_NAME = 'State Medicaid Agency';

export interface AgencyOrganization {
  resourceType: 'Organization';
  id: string;
  meta: Meta;
  active: true;
  type: CodeableConcept[];
  name: string;
}

export interface Device {
  resourceType: 'Device';
  id: string;
  meta: Meta;
  deviceName: { name: string; type: 'manufacturer-name' }[];
  version: { value: string }[];
}

export interface Provenance {
  resourceType: 'Provenance';
  id: string;
  meta: Meta;
  target: Reference[];
  recorded: string;
  agent: { type: CodeableConcept; who: Reference }[];
  entity: { role: 'source'; what: { identifier: Identifier } }[];
}

/** Where an exported master's data came from: roster files and source snapshots. */
export interface MasterSources {
  rosterSha256: string[];
  snapshotIds: string[];
}

/**
 * The state Medicaid agency that validates, attests and keeps the records. It is not a
 * directory entry (no NPI, no address), so it carries no Plan-Net profile: plain R4, typed
 * `govt`.
 */
export function toAgency(name: string, lastUpdated: string): AgencyOrganization {
  return {
    resourceType: 'Organization',
    id: AGENCY_ID,
    meta: meta(null, lastUpdated),
    active: true,
    type: [{ coding: [{ system: SYSTEMS.hl7OrgType, code: 'govt', display: 'Government' }] }],
    name,
  };
}

/** credkit itself, the assembler named by every Provenance. */
export function toDevice(version: string, lastUpdated: string): Device {
  return {
    resourceType: 'Device',
    id: DEVICE_ID,
    meta: meta(null, lastUpdated),
    deviceName: [{ name: 'credkit', type: 'manufacturer-name' }],
    version: [{ value: version }],
  };
}

export function provenanceId(masterId: string): string {
  return `pv-${masterId}`;
}

const agentType = (code: string): CodeableConcept => ({
  coding: [{ system: SYSTEMS.provenanceAgent, code }],
});

/** One Provenance per exported master; `recorded` is the export's transactionTime. */
export function toProvenance(
  target: { type: 'Practitioner' | 'Organization'; id: string },
  sources: MasterSources,
  transactionTime: string,
): Provenance {
  const entity = [
    ...sources.rosterSha256.map((value) => ({ system: SYSTEMS.rosterFile, value })),
    ...sources.snapshotIds.map((value) => ({ system: SYSTEMS.snapshot, value })),
  ].map((identifier) => ({ role: 'source' as const, what: { identifier } }));
  return {
    resourceType: 'Provenance',
    id: provenanceId(target.id),
    meta: meta(null, transactionTime),
    target: [reference(target.type, target.id)],
    recorded: transactionTime,
    agent: [
      { type: agentType('custodian'), who: reference('Organization', AGENCY_ID) },
      { type: agentType('assembler'), who: reference('Device', DEVICE_ID) },
    ],
    entity,
  };
}
