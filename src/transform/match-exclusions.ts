import type { CheckDecision } from './match-decision.js';

/** The roster side of an exclusion-list check. */
export interface ExclusionQuery {
  entityType: string;
  npi: string | null;
  lastKey: string | null;
  firstKey: string | null;
  orgKey: string | null;
  dob: string | null;
  /** Roster ZIP; with an organisation name hit it stands for the address. */
  zip?: string | null;
}

/** One list record found for a roster row, by NPI or by name key. */
export interface ExclusionCandidate {
  via: 'npi' | 'name' | 'org';
  /** A reinstatement, waiver or termination date on or before the check date. */
  ended: boolean;
  npi: string | null;
  /** List DOB (LEIE only); used to decide, never stored in evidence. */
  dob: string | null;
  rawSha256: string;
  matched: Record<string, unknown>;
}

/**
 * Outcome of an exclusion-list check (LEIE or SAM) for one roster row.
 * - NPI hit -> `excluded` `npi-match`.
 * - Individual name hit with the same DOB on both sides -> `excluded` `name-dob-match`.
 * - Organisation name hit in the same 5-digit ZIP -> `excluded` `org-name-address-match`.
 * - Name hit where either DOB is missing, or an organisation name hit elsewhere ->
 *   `possible-match`.
 * - Name hits whose DOBs are both present and differ -> `not-found` `name-dob-differs`
 *   (the evidence keeps the hit so a steward can still look).
 * - A name hit whose list NPI differs from the roster's valid NPI is another provider.
 * - Ended exclusions do not count; nothing left -> `not-found` (`not-listed`, or
 *   `exclusion-ended` when only ended records matched).
 */
export function decideExclusion(
  q: ExclusionQuery,
  candidates: ExclusionCandidate[],
): CheckDecision {
  const query = queryOf(q);
  if (!query.npi && !query.nameKey) {
    return { outcome: 'insufficient-data', reason: 'no-identifiers', query, ...noMatch };
  }
  const live = candidates.filter((c) => !c.ended);
  const byNpi = live.find((c) => c.via === 'npi');
  if (byNpi) return hit('excluded', 'npi-match', query, byNpi);

  const byName = live.filter((c) => c.via !== 'npi' && !(c.npi && q.npi && c.npi !== q.npi));
  const sameDob = byName.find((c) => c.via === 'name' && q.dob && c.dob === q.dob);
  if (sameDob) return hit('excluded', 'name-dob-match', query, sameDob);
  const sameSite = byName.find((c) => c.via === 'org' && sameZip(q.zip, c.matched.zip));
  if (sameSite) return hit('excluded', 'org-name-address-match', query, sameSite);
  const open = byName.find((c) => c.via === 'org' || !q.dob || !c.dob);
  if (open) return hit('possible-match', 'name-only', query, open);
  if (byName.length) return hit('not-found', 'name-dob-differs', query, byName[0]);

  const ended = candidates.find((c) => c.ended);
  if (ended) return hit('not-found', 'exclusion-ended', query, ended);
  return { outcome: 'not-found', reason: 'not-listed', query, ...noMatch };
}

const noMatch = { matched: null, rawSha256: null };

function sameZip(roster: string | null | undefined, listed: unknown): boolean {
  const five = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 5) : '');
  return /^\d{5}$/.test(five(roster)) && five(roster) === five(listed);
}

function queryOf(q: ExclusionQuery): CheckDecision['query'] {
  const nameKey =
    q.entityType === 'organization'
      ? q.orgKey
      : q.lastKey && q.firstKey
        ? `${q.lastKey}|${q.firstKey}`
        : null;
  return {
    ...(q.npi ? { npi: q.npi } : {}),
    ...(nameKey ? { nameKey } : {}),
  };
}

function hit(
  outcome: CheckDecision['outcome'],
  reason: string,
  query: CheckDecision['query'],
  c: ExclusionCandidate,
): CheckDecision {
  return { outcome, reason, query, matched: c.matched, rawSha256: c.rawSha256 };
}
