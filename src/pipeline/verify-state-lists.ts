import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../store/duckdb.js';
import { latestSnapshots } from '../store/reference.js';
import type { CheckDecision } from '../transform/match-decision.js';
import {
  decideExclusion,
  type ExclusionCandidate,
  type ExclusionQuery,
} from '../transform/match-exclusions.js';
import { ROSTER_TABLE } from './verify-roster.js';
import type { SourceChecks } from './verify-checks.js';
import type { LayoutRef } from './verify-boards.js';

const ISO = (col: string) => `strftime(${col}, '%Y-%m-%d')`;

/**
 * Candidates of one state list snapshot for every roster row: by any NPI of the record's NPI
 * cell, by individual last + first name key, by organisation name key. `npi` is the record's
 * NPI that a name hit is compared with (the roster's own when the cell holds it), so a name
 * hit on a record listing other NPIs only is another provider.
 */
export const STATE_LIST_SQL = `
WITH l AS (SELECT * FROM state_lists WHERE snapshot_id = $snap),
hits AS (
  SELECT r.id, r.npi AS rnpi, 'npi' AS via, l.* FROM ${ROSTER_TABLE} r
    JOIN l ON list_contains(l.npis, r.npi)
  UNION ALL
  SELECT r.id, r.npi AS rnpi, 'name' AS via, l.* FROM ${ROSTER_TABLE} r
    JOIN l ON l.last_key = r.last_key AND l.first_key = r.first_key
    WHERE r.entity_type <> 'organization'
  UNION ALL
  SELECT r.id, r.npi AS rnpi, 'org' AS via, l.* FROM ${ROSTER_TABLE} r
    JOIN l ON l.org_key = r.org_key WHERE r.entity_type = 'organization'
)
SELECT id::INTEGER AS id, via,
  CASE WHEN len(npis) = 0 THEN NULL WHEN list_contains(npis, rnpi) THEN rnpi ELSE npis[1] END
    AS npi,
  ${ISO('dob')} AS dob, raw_sha256 AS "rawSha256",
  (coalesce(end_date <= $asOf::DATE, false) OR coalesce(status = 'reinstated', false)) AS ended,
  {'layout': layout, 'line': line::INTEGER, 'npis': npis, 'npiRaw': npi_raw,
   'lastName': last_name, 'firstName': first_name, 'orgName': org_name,
   'providerType': provider_type, 'status': status, 'statusRaw': status_raw, 'action': action,
   'startDate': ${ISO('start_date')}, 'endDate': ${ISO('end_date')}, 'state': state} AS matched
FROM hits ORDER BY id, line`;

const ROSTER_SQL = `SELECT id::INTEGER AS id, entity_type AS "entityType", npi,
  last_key AS "lastKey", first_key AS "firstKey", org_key AS "orgKey", dob
FROM ${ROSTER_TABLE}`;

/**
 * Exclusion decisions of one state list snapshot for every roster row, with LEIE's rules
 * (`decideExclusion`): NPI -> `excluded`, name + DOB -> `excluded`, name alone ->
 * `possible-match`; a reinstatement date on or before `asOf`, or a `reinstated` status, ends
 * the exclusion. Every roster row is checked, whatever its state: another state's Medicaid
 * termination also bars enrollment.
 */
export async function stateListDecisions(
  conn: DuckDBConnection,
  snap: string,
  asOf: string,
): Promise<Map<number, CheckDecision>> {
  const found = await queryRows<ExclusionCandidate & { id: number }>(conn, STATE_LIST_SQL, {
    snap,
    asOf,
  });
  const byRow = new Map<number, ExclusionCandidate[]>();
  for (const c of found) byRow.set(c.id, [...(byRow.get(c.id) ?? []), c]);
  const roster = await queryRows<ExclusionQuery & { id: number }>(conn, ROSTER_SQL);
  return new Map(roster.map((q) => [q.id, decideExclusion(q, byRow.get(q.id) ?? [])]));
}

/** Checks of one state list; without a snapshot every row is `source-unavailable`. */
export async function stateListChecks(
  conn: DuckDBConnection,
  ref: LayoutRef,
  asOf: string,
): Promise<SourceChecks> {
  const [snapshot] = await latestSnapshots(conn, ref.source, 1);
  if (snapshot) {
    return {
      source: ref.source,
      snapshot,
      decisions: await stateListDecisions(conn, snapshot.id, asOf),
    };
  }
  const ids = await queryRows<{ id: number }>(
    conn,
    `SELECT id::INTEGER AS id FROM ${ROSTER_TABLE}`,
  );
  const d: CheckDecision = {
    outcome: 'source-unavailable',
    reason: 'no-snapshot',
    query: {},
    matched: null,
    rawSha256: null,
  };
  return { source: ref.source, snapshot: null, decisions: new Map(ids.map((r) => [r.id, d])) };
}
