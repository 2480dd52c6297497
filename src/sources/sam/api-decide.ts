import type { CheckDecision } from '../../transform/match-decision.js';
import {
  decideExclusion,
  type ExclusionCandidate,
  type ExclusionQuery,
} from '../../transform/match-exclusions.js';
import { nameKey, orgKey } from '../../transform/match-names.js';
import type { SamQuery } from './api.js';
import { samEnded, type SamApiRecord } from './api-record.js';

/** Records returned for one query, with the hash of the response body they came in. */
export interface SamAnswered {
  via: 'npi' | 'name';
  records: SamApiRecord[];
  rawSha256: string;
}

/** The roster side of a SAM check with the original names (the API searches by name text). */
export interface SamRosterRow extends ExclusionQuery {
  lastName: string | null;
  firstName: string | null;
  orgName: string | null;
}

/**
 * The queries one roster row needs, mirroring the bulk join: by NPI when it has a valid one,
 * and by name (individual last+first, or organisation) when it has the name keys.
 */
export function samQueriesFor(row: SamRosterRow): { via: 'npi' | 'name'; query: SamQuery }[] {
  const out: { via: 'npi' | 'name'; query: SamQuery }[] = [];
  if (row.npi) out.push({ via: 'npi', query: { npi: row.npi } });
  if (row.entityType === 'organization') {
    if (row.orgKey && row.orgName) {
      out.push({ via: 'name', query: { exclusionName: row.orgName, classification: 'Firm' } });
    }
  } else if (row.lastKey && row.firstKey) {
    const exclusionName = `${row.firstName} ${row.lastName}`;
    out.push({ via: 'name', query: { exclusionName, classification: 'Individual' } });
  }
  return out;
}

/**
 * The same decision the bulk SAM check makes: API records become `ExclusionCandidate`s under
 * the bulk join's rules (NPI equal; or last+first name keys equal; or organisation keys equal)
 * and go to `decideExclusion`. The API's own name matching is looser, so it only finds
 * candidates; the keys decide.
 */
export function decideSamLive(
  row: SamRosterRow,
  answered: SamAnswered[],
  asOf: string,
): CheckDecision {
  const candidates: ExclusionCandidate[] = [];
  for (const a of answered) {
    for (const r of a.records) {
      const via = joinedBy(row, a.via, r);
      if (!via) continue;
      const ended = samEnded(r, asOf);
      candidates.push({
        via,
        ended,
        npi: r.npi,
        dob: null,
        rawSha256: a.rawSha256,
        matched: { ...r },
      });
    }
  }
  return decideExclusion(row, candidates);
}

function joinedBy(
  row: SamRosterRow,
  via: 'npi' | 'name',
  r: SamApiRecord,
): ExclusionCandidate['via'] | null {
  if (via === 'npi') return r.npi !== null && r.npi === row.npi ? 'npi' : null;
  if (row.entityType === 'organization') {
    return row.orgKey && orgKey(r.name) === row.orgKey ? 'org' : null;
  }
  const same =
    row.lastKey !== null &&
    nameKey(r.lastName) === row.lastKey &&
    nameKey(r.firstName) === row.firstKey;
  return same ? 'name' : null;
}
