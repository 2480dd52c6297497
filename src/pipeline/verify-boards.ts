import type { DuckDBConnection } from '@duckdb/node-api';
import type { LayoutKind } from '../model.js';
import { queryRows } from '../store/duckdb.js';
import { latestSnapshots } from '../store/reference.js';
import type { CheckDecision } from '../transform/match-decision.js';
import { decideBoard, type BoardHit } from '../transform/match-boards.js';
import { ROSTER_TABLE } from './verify-roster.js';
import type { SourceChecks } from './verify-checks.js';

/** A board or list as last imported (table `layouts`): what verify needs to scope rows. */
export interface LayoutRef {
  source: string;
  kind: LayoutKind;
  id: string;
  state: string;
  name: string;
  licensePattern: string | null;
}

/** Every imported layout of a kind, by source name. */
export async function importedLayouts(
  conn: DuckDBConnection,
  kind: LayoutKind,
): Promise<LayoutRef[]> {
  return queryRows<LayoutRef>(
    conn,
    `SELECT source, kind, id, state, name, license_pattern AS "licensePattern"
     FROM layouts WHERE kind = $kind ORDER BY source`,
    { kind },
  );
}

const ISO = (col: string) => `strftime(${col}, '%Y-%m-%d')`;

/**
 * Licence numbers compare without case, spaces and punctuation (`RN 490092` = `RN.490092`);
 * the same expression keys both sides so the join is exact on it.
 */
export const licenseKey = (col: string) => `regexp_replace(upper(${col}), '[^A-Z0-9]', '', 'g')`;

/**
 * Individual roster rows whose licence state is the board's, left-joined to the board's
 * latest snapshot by licence key; the record with the latest expiry answers.
 */
const BOARD_SQL = `
SELECT r.id::INTEGER AS id, r.license_number AS "licenseNumber", b.raw_sha256 AS "rawSha256",
  b.status, b.status_raw AS "statusRaw", ${ISO('b.expiration_date')} AS "expirationDate",
  b.discipline,
  CASE WHEN r.last_key IS NULL OR b.last_key IS NULL THEN NULL
    ELSE jaro_winkler_similarity(replace(r.last_key, ' ', ''), replace(b.last_key, ' ', ''))
  END AS "nameScore",
  {'layout': b.layout, 'line': b.line::INTEGER, 'licenseNumber': b.license_number,
   'licenseType': b.license_type, 'lastName': b.last_name, 'firstName': b.first_name,
   'status': b.status, 'statusRaw': b.status_raw, 'issueDate': ${ISO('b.issue_date')},
   'expirationDate': ${ISO('b.expiration_date')}, 'discipline': b.discipline} AS matched
FROM ${ROSTER_TABLE} r
LEFT JOIN (SELECT * FROM boards WHERE snapshot_id = $snap) b
  ON ${licenseKey('b.license_number')} = ${licenseKey('r.license_number')}
WHERE r.entity_type <> 'organization' AND upper(trim(r.license_state)) = $state
QUALIFY row_number() OVER (
  PARTITION BY r.id ORDER BY b.expiration_date DESC NULLS LAST, b.line) = 1`;

interface BoardSqlRow extends Omit<BoardHit, 'rawSha256'> {
  id: number;
  licenseNumber: string | null;
  rawSha256: string | null;
}

/**
 * Board checks of one layout. Scope: individual rows whose licence state is the board's state
 * and whose licence number fits the board's licence pattern (a row without a licence number
 * is `insufficient-data`); other rows get no check from this board. Without a snapshot every
 * row in scope is `source-unavailable` (fail closed).
 */
export async function boardChecks(
  conn: DuckDBConnection,
  ref: LayoutRef,
  asOf: string,
): Promise<SourceChecks> {
  const [snapshot] = await latestSnapshots(conn, ref.source, 1);
  const rows = await queryRows<BoardSqlRow>(conn, BOARD_SQL, {
    snap: snapshot?.id ?? '',
    state: ref.state,
  });
  const pattern = ref.licensePattern ? new RegExp(ref.licensePattern, 'i') : null;
  const decisions = new Map<number, CheckDecision>();
  for (const r of rows) {
    if (r.licenseNumber && pattern && !pattern.test(r.licenseNumber)) continue;
    decisions.set(r.id, snapshot ? decideBoard(toJoin(r), asOf) : UNAVAILABLE);
  }
  return { source: ref.source, snapshot: snapshot ?? null, decisions };
}

const UNAVAILABLE: CheckDecision = {
  outcome: 'source-unavailable',
  reason: 'no-snapshot',
  query: {},
  matched: null,
  rawSha256: null,
};

function toJoin(r: BoardSqlRow) {
  const hit = r.rawSha256 === null ? null : { ...r, rawSha256: r.rawSha256 };
  return { licenseNumber: r.licenseNumber, hit };
}
