import type { CheckDecision } from './match-decision.js';
import { NAME_THRESHOLD } from './match-nppes.js';

/** A roster row in a board's scope, left-joined to the board record of its licence number. */
export interface BoardJoin {
  licenseNumber: string | null;
  hit: BoardHit | null;
}

export interface BoardHit {
  /** Mapped status, or null when the layout has none or the raw value is not in its map. */
  status: string | null;
  statusRaw: string | null;
  expirationDate: string | null;
  /** `Y` when the board flags disciplinary action, `N` otherwise, null without the column. */
  discipline: string | null;
  /** Jaro-Winkler of the last-name keys, null when one side has none. */
  nameScore: number | null;
  rawSha256: string;
  matched: Record<string, unknown>;
}

const SEVERE: Record<string, string> = {
  revoked: 'license-revoked',
  suspended: 'license-suspended',
};

/**
 * Licence board outcome for one roster row. Order: a revoked or suspended licence is reported
 * whatever else differs; then expiry (the expiration date decides even when the status still
 * says active, since boards update status late), inactivity, a licence on file under another
 * name, probation and disciplinary flags, and a status the layout cannot read. Discipline is
 * a `discrepancy`, not a `possible-match`: the licence is the provider's, the flag is certain,
 * and a steward has to look before the provider is cleared.
 */
export function decideBoard(row: BoardJoin, asOf: string): CheckDecision {
  if (!row.licenseNumber) return none('insufficient-data', 'no-license-number', {});
  const query = { licenseNumber: row.licenseNumber };
  const hit = row.hit;
  if (!hit) return none('not-found', 'license-not-found', query);
  const nameMatch = hit.nameScore === null ? null : hit.nameScore >= NAME_THRESHOLD;
  const compared = {
    nameScore: hit.nameScore === null ? null : Math.round(hit.nameScore * 1000) / 1000,
    nameMatch,
    expired: hit.expirationDate !== null && hit.expirationDate < asOf,
  };
  const base = { query, matched: hit.matched, rawSha256: hit.rawSha256, compared };
  const reason = problem(hit, compared.expired, nameMatch);
  if (reason) return { ...base, outcome: 'discrepancy', reason };
  return { ...base, outcome: 'verified', reason: 'license-active' };
}

function problem(hit: BoardHit, expired: boolean, nameMatch: boolean | null): string | null {
  if (hit.status && SEVERE[hit.status]) return SEVERE[hit.status];
  if (expired || hit.status === 'expired') return 'license-expired';
  if (hit.status === 'inactive') return 'license-inactive';
  if (nameMatch === false) return 'name-mismatch';
  if (hit.status === 'probation') return 'license-probation';
  if (hit.discipline === 'Y') return 'license-discipline';
  // A raw status outside the layout's map, or neither status nor expiry: nothing says active.
  if (!hit.status && (hit.statusRaw !== null || hit.expirationDate === null)) {
    return 'license-status-unknown';
  }
  return null;
}

function none(
  outcome: CheckDecision['outcome'],
  reason: string,
  query: CheckDecision['query'],
): CheckDecision {
  return { outcome, reason, query, matched: null, rawSha256: null };
}
