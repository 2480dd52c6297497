import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../store/duckdb.js';
import { ROSTER_TABLE } from './verify-roster.js';
import type { CheckDecision } from '../transform/match-decision.js';
import { decideNppes, type NppesJoin } from '../transform/match-nppes.js';
import {
  decideExclusion,
  type ExclusionCandidate,
  type ExclusionQuery,
} from '../transform/match-exclusions.js';

const ISO = (col: string) => `strftime(${col}, '%Y-%m-%d')`;

/** Spaces are dropped first so `DE LA CRUZ` and `DELACRUZ`, `O BRIEN` and `OBRIEN` agree. */
const similarity = (a: string, b: string) =>
  `jaro_winkler_similarity(replace(${a}, ' ', ''), replace(${b}, ' ', ''))`;

/** Roster rows joined to the latest NPPES snapshot by NPI, one row per roster row. */
const NPPES_SQL = `
SELECT r.id::INTEGER AS id, r.entity_type AS "entityType", r.npi, r.last_key AS "lastKey",
  r.org_key AS "orgKey", r.taxonomy, r.license_state AS "licenseState",
  n.raw_sha256 AS "rawSha256", n.entity_type AS "nEntityType",
  ${ISO('n.deactivation_date')} AS "deactivationDate",
  ${ISO('n.reactivation_date')} AS "reactivationDate",
  n.taxonomy_codes AS "taxonomyCodes", n.license_states AS "licenseStates",
  CASE WHEN r.entity_type = 'organization'
    THEN ${similarity('r.org_key', 'n.org_key')}
    ELSE ${similarity('r.last_key', 'n.last_key')} END AS "nameScore",
  {'line': n.line::INTEGER, 'npi': n.npi, 'entityType': n.entity_type,
   'orgName': n.org_name, 'lastName': n.last_name, 'firstName': n.first_name,
   'credential': n.credential, 'state': n.state, 'postalCode': n.postal_code,
   'deactivationDate': ${ISO('n.deactivation_date')},
   'reactivationDate': ${ISO('n.reactivation_date')},
   'lastUpdateDate': ${ISO('n.last_update_date')}} AS matched
FROM ${ROSTER_TABLE} r
LEFT JOIN (SELECT * FROM nppes WHERE snapshot_id = $snap) n ON n.npi = r.npi
QUALIFY row_number() OVER (PARTITION BY r.id ORDER BY n.last_update_date DESC NULLS LAST) = 1`;

interface NppesSqlRow {
  id: number;
  entityType: string;
  npi: string | null;
  lastKey: string | null;
  orgKey: string | null;
  taxonomy: string | null;
  licenseState: string | null;
  rawSha256: string | null;
  nEntityType: string | null;
  deactivationDate: string | null;
  reactivationDate: string | null;
  taxonomyCodes: (string | null)[] | null;
  licenseStates: (string | null)[] | null;
  nameScore: number | null;
  matched: Record<string, unknown>;
}

/** NPPES decisions for every roster row, by roster row id. */
export async function nppesDecisions(
  conn: DuckDBConnection,
  snap: string,
): Promise<Map<number, CheckDecision>> {
  const rows = await queryRows<NppesSqlRow>(conn, NPPES_SQL, { snap });
  return new Map(rows.map((r) => [r.id, decideNppes(toNppesJoin(r))]));
}

function toNppesJoin(r: NppesSqlRow): NppesJoin {
  const hit =
    r.rawSha256 === null
      ? null
      : {
          entityType: r.nEntityType,
          deactivationDate: r.deactivationDate,
          reactivationDate: r.reactivationDate,
          taxonomyCodes: r.taxonomyCodes ?? [],
          licenseStates: r.licenseStates ?? [],
          nameScore: r.nameScore,
          rawSha256: r.rawSha256,
          matched: r.matched,
        };
  return { ...r, hit };
}

/** Per list: its table, the column keying organisation names, and when a record has ended. */
const LISTS = {
  leie: {
    orgKey: 'bus_key',
    dob: ISO('dob'),
    ended: `coalesce(rein_date <= $asOf::DATE, false)
      OR coalesce(waiver_date <= $asOf::DATE, false)`,
    matched: `{'line': line::INTEGER, 'npi': npi, 'lastName': last_name, 'firstName': first_name,
      'midName': mid_name, 'busName': bus_name, 'general': general, 'specialty': specialty,
      'state': state, 'zip': zip, 'exclType': excl_type, 'exclDate': ${ISO('excl_date')},
      'reinDate': ${ISO('rein_date')}, 'waiverDate': ${ISO('waiver_date')},
      'waiverState': waiver_state}`,
  },
  sam: {
    orgKey: 'entity_key',
    dob: 'NULL',
    ended: `coalesce(termination_date <= $asOf::DATE, false)
      OR (record_status IS NOT NULL AND upper(record_status) <> 'ACTIVE')`,
    matched: `{'line': line::INTEGER, 'npi': npi, 'classification': classification,
      'name': name, 'firstName': first, 'lastName': last, 'state': state, 'zip': zip,
      'uei': uei, 'samNumber': sam_number, 'excludingAgency': excluding_agency,
      'exclusionType': exclusion_type, 'activeDate': ${ISO('active_date')},
      'terminationDate': ${ISO('termination_date')}, 'recordStatus': record_status}`,
  },
} as const;

/**
 * Candidates from one exclusion list: by NPI, by individual last+first name key, and by
 * organisation name key, in one query.
 */
function candidatesSql(list: 'leie' | 'sam'): string {
  const l = LISTS[list];
  return `
WITH l AS (SELECT * FROM ${list} WHERE snapshot_id = $snap),
hits AS (
  SELECT r.id, 'npi' AS via, l.* FROM ${ROSTER_TABLE} r JOIN l ON l.npi = r.npi
  UNION ALL
  SELECT r.id, 'name' AS via, l.* FROM ${ROSTER_TABLE} r
    JOIN l ON l.last_key = r.last_key AND l.first_key = r.first_key
    WHERE r.entity_type <> 'organization'
  UNION ALL
  SELECT r.id, 'org' AS via, l.* FROM ${ROSTER_TABLE} r JOIN l ON l.${l.orgKey} = r.org_key
    WHERE r.entity_type = 'organization'
)
SELECT id::INTEGER AS id, via, npi, ${l.dob} AS dob, raw_sha256 AS "rawSha256",
  (${l.ended}) AS ended, ${l.matched} AS matched
FROM hits ORDER BY id, line`;
}

const ROSTER_SQL = `SELECT id::INTEGER AS id, entity_type AS "entityType", npi,
  last_key AS "lastKey", first_key AS "firstKey", org_key AS "orgKey", dob, zip
FROM ${ROSTER_TABLE}`;

/** LEIE or SAM decisions for every roster row, by roster row id. */
export async function exclusionDecisions(
  conn: DuckDBConnection,
  list: 'leie' | 'sam',
  snap: string,
  asOf: string,
): Promise<Map<number, CheckDecision>> {
  const found = await queryRows<ExclusionCandidate & { id: number }>(conn, candidatesSql(list), {
    snap,
    asOf,
  });
  const byRow = new Map<number, ExclusionCandidate[]>();
  for (const c of found) {
    const seen = byRow.get(c.id);
    if (seen) seen.push(c);
    else byRow.set(c.id, [c]);
  }
  const roster = await queryRows<ExclusionQuery & { id: number }>(conn, ROSTER_SQL);
  return new Map(roster.map((q) => [q.id, decideExclusion(q, byRow.get(q.id) ?? [])]));
}

/** Every roster row id in the temp table. */
export async function rosterIds(conn: DuckDBConnection): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    conn,
    `SELECT id::INTEGER AS id FROM ${ROSTER_TABLE}`,
  );
  return rows.map((r) => r.id);
}
