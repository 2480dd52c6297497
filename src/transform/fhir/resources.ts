import type { MasterKind, MasterRecord, MasterStatus } from '../dedupe/record.js';
import { byId, type AddressParts } from './common.js';
import { buildDirectory } from './directory.js';
import type { OrganizationAffiliation } from './affiliation.js';
import type { Endpoint, EndpointRow } from './endpoint.js';
import type { Location } from './location.js';
import type { Organization } from './organization.js';
import { toOperationOutcome, type OperationOutcome } from './outcome.js';
import type { Practitioner } from './practitioner.js';
import type { PractitionerRole } from './practitioner-role.js';
import {
  AGENCY_ID,
  DEFAULT_AGENCY_NAME,
  toAgency,
  toDevice,
  toProvenance,
  type AgencyOrganization,
  type Device,
  type Provenance,
} from './provenance.js';
import {
  VERIFIED_SOURCES,
  toVerificationResult,
  type CheckView,
  type VerificationResult,
} from './verification.js';

/** Resource types of an export, in the order of the kick-off `_type` and the manifest. */
export const EXPORT_TYPES = [
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
  'Endpoint',
  'OrganizationAffiliation',
  'VerificationResult',
  'Provenance',
  'Device',
] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];

/** A stored master as the exporter reads it. */
export interface MasterView {
  id: string;
  kind: MasterKind;
  npi: string | null;
  status: MasterStatus;
  record: MasterRecord;
}

/** A roster row as far as the export needs it: where it came from, and its practice site. */
export interface RowView extends AddressParts {
  rowId: number;
  /** Roster file name and SHA-256 of its batch. */
  file: string;
  fileSha256: string;
  /** Physical line in the roster file. */
  line: number;
  phone: string | null;
}

/** What the export reads besides the masters. Every part is optional for unit tests. */
export interface ExportInputs {
  checks: readonly CheckView[];
  rows: ReadonlyMap<number, RowView>;
  agencyName: string;
  /** credkit's version, written on its Device. */
  version: string;
  /** NPPES endpoint rows of the masters' NPIs (latest `nppes-endpoints` snapshot). */
  endpoints: readonly EndpointRow[];
}

export interface ResourceSet {
  Practitioner: Practitioner[];
  PractitionerRole: PractitionerRole[];
  Organization: (Organization | AgencyOrganization)[];
  Location: Location[];
  Endpoint: Endpoint[];
  OrganizationAffiliation: OrganizationAffiliation[];
  VerificationResult: VerificationResult[];
  Provenance: Provenance[];
  Device: Device[];
  /** Masters left out because they are excluded or deactivated. */
  excluded: number;
  /** Problems found while mapping, for the manifest's `error` files; sorted by id. */
  errors: OperationOutcome[];
}

/**
 * Maps masters to resources, each list sorted by id. Plan-Net cannot carry inactive records,
 * so non-active masters are dropped, and so is anything pointing at a dropped resource: every
 * reference in the set resolves.
 */
export function buildResources(
  masters: readonly MasterView[],
  lastUpdated: string,
  inputs: Partial<ExportInputs> = {},
): ResourceSet {
  const rows = inputs.rows ?? new Map<number, RowView>();
  const active = masters.filter((m) => m.status === 'active');
  const dir = buildDirectory(active, rows, lastUpdated, inputs.endpoints ?? []);

  const targets = new Map<string, 'Practitioner' | 'Organization'>();
  for (const p of dir.Practitioner) targets.set(p.id, 'Practitioner');
  for (const o of dir.Organization) targets.set(o.id, 'Organization');
  const checks = (inputs.checks ?? []).filter(
    (c) => targets.has(c.masterId) && VERIFIED_SOURCES.includes(c.source),
  );
  const verifications = checks.map((c) =>
    toVerificationResult(c, targets.get(c.masterId)!, AGENCY_ID, lastUpdated),
  );
  const snapshots = snapshotsByMaster(checks);
  const exported = active.filter((m) => targets.has(m.id));
  const provenance = exported.map((m) =>
    toProvenance(
      { type: targets.get(m.id)!, id: m.id },
      { rosterSha256: rosterHashes(m, rows), snapshotIds: [...(snapshots.get(m.id) ?? [])].sort() },
      lastUpdated,
    ),
  );
  const agency = toAgency(inputs.agencyName ?? DEFAULT_AGENCY_NAME, lastUpdated);
  return {
    Practitioner: byId(dir.Practitioner),
    PractitionerRole: byId(dir.PractitionerRole),
    Organization: byId([...dir.Organization, agency]),
    Location: byId(dir.Location),
    Endpoint: dir.Endpoint,
    OrganizationAffiliation: byId(dir.OrganizationAffiliation),
    VerificationResult: byId(verifications),
    Provenance: byId(provenance),
    Device: [toDevice(inputs.version ?? '0.0.0', lastUpdated)],
    excluded: masters.length - active.length,
    errors: byId(dir.issues.map(toOperationOutcome)),
  };
}

function rosterHashes(m: MasterView, rows: ReadonlyMap<number, RowView>): string[] {
  const sha = new Set<string>();
  for (const id of m.record.sourceRows) {
    const r = rows.get(id);
    if (r) sha.add(r.fileSha256);
  }
  return [...sha].sort();
}

function snapshotsByMaster(checks: readonly CheckView[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of checks) {
    if (!c.snapshotId) continue;
    const set = out.get(c.masterId) ?? new Set<string>();
    set.add(c.snapshotId);
    out.set(c.masterId, set);
  }
  return out;
}
