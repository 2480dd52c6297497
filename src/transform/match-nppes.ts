import type { CheckDecision } from './match-decision.js';

/**
 * Jaro-Winkler similarity (of name keys with spaces removed) at or above which two names are
 * the same. 0.95 accepts doubled letters and transpositions (`RIVERA`/`RIVERRA` 0.971) but not a
 * changed vowel in a mid-length name (`NORTHCOTT`/`NURTHCOTT` 0.933, `SMITH`/`SMYTH` 0.893).
 */
export const NAME_THRESHOLD = 0.95;

/** A roster row joined (left) to its NPPES record by NPI. */
export interface NppesJoin {
  entityType: string;
  npi: string | null;
  lastKey: string | null;
  orgKey: string | null;
  taxonomy: string | null;
  licenseState: string | null;
  hit: NppesHit | null;
}

export interface NppesHit {
  entityType: string | null;
  deactivationDate: string | null;
  reactivationDate: string | null;
  taxonomyCodes: (string | null)[];
  licenseStates: (string | null)[];
  /** Jaro-Winkler of the compared name keys (last name or organisation), null if one is absent. */
  nameScore: number | null;
  rawSha256: string;
  matched: Record<string, unknown>;
}

/**
 * NPPES outcome for one roster row. Order matters: a deactivated NPI is reported as such
 * whatever else differs, then entity type, then name, then taxonomy, then licence state.
 */
export function decideNppes(row: NppesJoin): CheckDecision {
  if (!row.npi) return none('insufficient-data', 'no-npi', {});
  const query = { npi: row.npi };
  const hit = row.hit;
  if (!hit) return none('not-found', 'npi-not-found', query);

  const compared = comparisons(row, hit);
  const base = { query, matched: hit.matched, rawSha256: hit.rawSha256, compared };
  if (isDeactivated(hit)) return { ...base, outcome: 'discrepancy', reason: 'npi-deactivated' };
  if (hit.entityType !== expectedEntityType(row.entityType)) {
    return { ...base, outcome: 'discrepancy', reason: 'entity-type-mismatch' };
  }
  if (compared.nameMatch === false) {
    return { ...base, outcome: 'discrepancy', reason: 'name-mismatch' };
  }
  if (compared.taxonomyMatch === false) {
    return { ...base, outcome: 'discrepancy', reason: 'taxonomy-mismatch' };
  }
  if (compared.licenseStateMatch === false) {
    return { ...base, outcome: 'discrepancy', reason: 'license-state-mismatch' };
  }
  return { ...base, outcome: 'verified', reason: 'npi-active' };
}

/**
 * Deactivated rows of the monthly file carry a deactivation date and a blank entity type;
 * a reactivation on or after the deactivation makes the NPI active again.
 */
export function isDeactivated(hit: NppesHit): boolean {
  if (hit.entityType === null) return true;
  if (!hit.deactivationDate) return false;
  return !hit.reactivationDate || hit.reactivationDate < hit.deactivationDate;
}

function expectedEntityType(kind: string): string {
  return kind === 'organization' ? '2' : '1';
}

/** null means "not compared": the roster or NPPES had nothing to compare. */
function comparisons(row: NppesJoin, hit: NppesHit) {
  const nameMatch = hit.nameScore === null ? null : hit.nameScore >= NAME_THRESHOLD;
  const codes = present(hit.taxonomyCodes).map((c) => c.toUpperCase());
  const taxonomy = row.taxonomy?.trim().toUpperCase();
  const taxonomyMatch = taxonomy && codes.length ? codes.includes(taxonomy) : null;
  const states = present(hit.licenseStates).map((s) => s.toUpperCase());
  const state = row.licenseState?.trim().toUpperCase();
  const licenseStateMatch = state && states.length ? states.includes(state) : null;
  const nameScore = hit.nameScore === null ? null : Math.round(hit.nameScore * 1000) / 1000;
  return { nameScore, nameMatch, taxonomyMatch, licenseStateMatch };
}

function present(values: (string | null)[]): string[] {
  return values.filter((v): v is string => v !== null && v !== '');
}

function none(
  outcome: CheckDecision['outcome'],
  reason: string,
  query: CheckDecision['query'],
): CheckDecision {
  return { outcome, reason, query, matched: null, rawSha256: null };
}
