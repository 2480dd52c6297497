import type { Outcome } from '../../model.js';
import { sha256 } from '../dedupe/keys.js';
import { SYSTEMS, meta, reference } from './common.js';
import type { CodeableConcept, Meta, Reference } from './types.js';

/** One primary-source check of an exported master, as the exporter reads it. */
export interface CheckView {
  masterId: string;
  rowId: number;
  source: string;
  outcome: Outcome;
  reason: string;
  snapshotId: string | null;
  /** Publication date of the snapshot checked against (evidence `published`). */
  published: string | null;
  checkedAt: string;
  /** When the roster batch holding the row was loaded: the roster's attestation date. */
  attestedAt: string;
}

export interface VerificationResult {
  resourceType: 'VerificationResult';
  id: string;
  meta: Meta;
  target: Reference[];
  targetLocation: string[];
  need: CodeableConcept;
  status: VerificationStatus;
  statusDate: string;
  validationType: CodeableConcept;
  validationProcess: CodeableConcept[];
  frequency?: { repeat: { frequency: 1; period: 1; periodUnit: 'mo' } };
  lastPerformed: string;
  nextScheduled?: string;
  failureAction: CodeableConcept;
  primarySource: PrimarySource[];
  attestation: Attestation;
  validator: { organization: Reference }[];
}

type VerificationStatus = 'validated' | 'val-fail' | 'in-process';

interface PrimarySource {
  who: Reference;
  type: CodeableConcept[];
  communicationMethod: CodeableConcept[];
  validationStatus: CodeableConcept;
  validationDate?: string;
}

interface Attestation {
  who: Reference;
  communicationMethod: CodeableConcept;
  date: string;
}

interface SourceFacts {
  display: string;
  type: 'reg-auth' | 'auth-source';
  /** Exclusion lists are monthly files, so they are re-checked monthly; NPPES at enrollment. */
  monthly: boolean;
  failureAction: 'fatal' | 'warn';
}

const SOURCES: Record<string, SourceFacts> = {
  nppes: { display: 'CMS NPPES', type: 'reg-auth', monthly: false, failureAction: 'warn' },
  leie: { display: 'HHS-OIG LEIE', type: 'auth-source', monthly: true, failureAction: 'fatal' },
  sam: {
    display: 'SAM.gov exclusions',
    type: 'auth-source',
    monthly: true,
    failureAction: 'fatal',
  },
};

/** Every source credkit checks; a check of any other source is not exported. */
export const VERIFIED_SOURCES = Object.keys(SOURCES);

/**
 * Outcome -> `status` / `primarySource.validationStatus` (fhir-output.md section 9). On an
 * exclusion list `not-found` is the clear answer (docs/architecture.md "Exclusion outcomes"),
 * so there it maps to validated; read literally it would mark every clear provider failed.
 */
export function verificationStatus(
  source: string,
  outcome: Outcome,
): [VerificationStatus, 'successful' | 'failed' | 'unknown'] {
  if (outcome === 'verified') return ['validated', 'successful'];
  if (outcome === 'not-found' && SOURCES[source]?.type === 'auth-source') {
    return ['validated', 'successful'];
  }
  if (outcome === 'discrepancy' || outcome === 'not-found' || outcome === 'excluded') {
    return ['val-fail', 'failed'];
  }
  return ['in-process', 'unknown'];
}

export function verificationId(masterId: string, rowId: number, source: string): string {
  return `v-${sha256(`${masterId}|${rowId}|${source}`).slice(0, 16)}`;
}

const code = (system: string, value: string): CodeableConcept => ({
  coding: [{ system, code: value }],
});

/** A check as an NDH `ndh-Verification`; the agency attests and validates. */
export function toVerificationResult(
  check: CheckView,
  targetType: 'Practitioner' | 'Organization',
  agencyId: string,
  lastUpdated: string,
): VerificationResult {
  const facts = SOURCES[check.source];
  const [status, validationStatus] = verificationStatus(check.source, check.outcome);
  const agency = reference('Organization', agencyId);
  return {
    resourceType: 'VerificationResult',
    id: verificationId(check.masterId, check.rowId, check.source),
    meta: meta('VerificationResult', lastUpdated),
    target: [reference(targetType, check.masterId)],
    targetLocation: [targetLocation(targetType, check.source)],
    need: code(SYSTEMS.need, facts.monthly ? 'periodic' : 'initial'),
    status,
    statusDate: check.checkedAt,
    validationType: code(SYSTEMS.validationType, 'primary'),
    validationProcess: [code(SYSTEMS.validationProcess, 'primary')],
    frequency: facts.monthly
      ? { repeat: { frequency: 1, period: 1, periodUnit: 'mo' } }
      : undefined,
    lastPerformed: check.checkedAt,
    nextScheduled: facts.monthly ? nextMonth(check.checkedAt) : undefined,
    failureAction: code(SYSTEMS.failureAction, facts.failureAction),
    primarySource: [primarySource(check, facts, validationStatus)],
    attestation: {
      who: agency,
      communicationMethod: code(SYSTEMS.communicationMethod, 'push'),
      date: check.attestedAt.slice(0, 10),
    },
    validator: [{ organization: agency }],
  };
}

/** NPPES verifies the NPI identifier; an exclusion list clears the whole provider. */
function targetLocation(type: string, source: string): string {
  return source === 'nppes' ? `${type}.identifier.where(system='${SYSTEMS.npi}')` : type;
}

function primarySource(
  check: CheckView,
  facts: SourceFacts,
  validationStatus: string,
): PrimarySource {
  return {
    // Display only: the sources are not directory entries, so no resource is exported for them.
    who: { display: facts.display },
    type: [code(SYSTEMS.primarySourceType, facts.type)],
    communicationMethod: [code(SYSTEMS.communicationMethod, 'pull')],
    validationStatus: code(SYSTEMS.validationStatus, validationStatus),
    validationDate: check.published ?? undefined,
  };
}

/** The same day one month on (clamped to the month's end), as a FHIR date. */
export function nextMonth(instant: string): string {
  const d = new Date(instant);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const next = new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), last)));
  return next.toISOString().slice(0, 10);
}
