import type { Db } from '../store/sqlite.js';

/** One field comparison of a scored pair, as the matching engine stored it. */
export interface Comparison {
  field: string;
  level: string;
  weight: number;
  /** Plain-language reason (`same NPI`, `first names differ`...). */
  reason: string;
}

/**
 * One roster row of a pair, with what a steward needs to judge it. The date of birth is cut
 * to its year: enough to tell two people apart on screen without showing the DOB.
 */
export interface ReviewSide {
  rowId: number;
  masterId: string | null;
  file: string;
  batchId: string;
  record: number;
  line: number;
  npi: string | null;
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
  orgName: string | null;
  birthYear: string | null;
  address: string | null;
  taxonomy: string | null;
  licenseNumber: string | null;
  licenseState: string | null;
}

export interface ReviewPair {
  id: string;
  probability: number;
  weight: number;
  rules: string[];
  scoredAt: string;
  left: ReviewSide;
  right: ReviewSide;
  comparisons: Comparison[];
}

/** Result of `credkit dedupe review --json`. */
export interface ReviewQueue {
  pairs: ReviewPair[];
  /** Pairs waiting for a decision, whatever the limit. */
  total: number;
}

/**
 * A pair counts as decided when a match/no-match names it by id or by its two rows in either
 * order, so a rescored pair with a new id does not come back to the queue.
 */
const UNDECIDED = `p.band = 'review' AND NOT EXISTS (
  SELECT 1 FROM steward_decisions d WHERE d.kind IN ('match', 'no-match') AND (
    d.pair_id = p.id
    OR (d.left_row = p.left_row AND d.right_row = p.right_row)
    OR (d.left_row = p.right_row AND d.right_row = p.left_row)))
  AND EXISTS (SELECT 1 FROM roster_rows r WHERE r.id = p.left_row)
  AND EXISTS (SELECT 1 FROM roster_rows r WHERE r.id = p.right_row)`;

const SIDE_SQL = `SELECT r.id AS rowId, m.master_id AS masterId, b.file_name AS file,
  r.batch_id AS batchId, r.record, r.line, r.npi, r.last_name AS lastName,
  r.first_name AS firstName, r.middle_name AS middleName, r.org_name AS orgName, r.dob,
  r.address1, r.address2, r.city, r.state, r.zip, r.taxonomy,
  r.license_number AS licenseNumber, r.license_state AS licenseState
  FROM roster_rows r JOIN roster_batches b ON b.id = r.batch_id
  LEFT JOIN master_members m ON m.row_id = r.id WHERE r.id = ?`;

interface PairRow {
  id: string;
  leftRow: number;
  rightRow: number;
  rules: string;
  weight: number;
  probability: number;
  comparisons: string;
  scoredAt: string;
}

/** Review-band pairs without a steward decision, most probable first. */
export function reviewQueue(db: Db, opts: { limit?: number } = {}): ReviewQueue {
  const { n } = db.prepare(`SELECT COUNT(*) AS n FROM match_pairs p WHERE ${UNDECIDED}`).get() as {
    n: number;
  };
  const limit = opts.limit ?? -1;
  const rows = db
    .prepare(
      `SELECT p.id, p.left_row AS leftRow, p.right_row AS rightRow, p.rules, p.weight,
        p.probability, p.comparisons, p.scored_at AS scoredAt
       FROM match_pairs p WHERE ${UNDECIDED}
       ORDER BY p.probability DESC, p.weight DESC, p.id LIMIT ?`,
    )
    .all(limit) as PairRow[];
  const side = db.prepare(SIDE_SQL);
  const read = (rowId: number): ReviewSide => toSide(side.get(rowId) as SideRow);
  const pairs = rows.map((p) => ({
    id: p.id,
    probability: p.probability,
    weight: p.weight,
    rules: parseRules(p.rules),
    scoredAt: p.scoredAt,
    left: read(p.leftRow),
    right: read(p.rightRow),
    comparisons: parseComparisons(p.comparisons),
  }));
  return { pairs, total: n };
}

type SideRow = Omit<ReviewSide, 'birthYear' | 'address'> & {
  dob: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
};

function toSide(r: SideRow): ReviewSide {
  return {
    rowId: r.rowId,
    masterId: r.masterId,
    file: r.file,
    batchId: r.batchId,
    record: r.record,
    line: r.line,
    npi: r.npi,
    lastName: r.lastName,
    firstName: r.firstName,
    middleName: r.middleName,
    orgName: r.orgName,
    birthYear: birthYear(r.dob),
    address: formatAddress(r),
    taxonomy: r.taxonomy,
    licenseNumber: r.licenseNumber,
    licenseState: r.licenseState,
  };
}

/** `1980-02-03` -> `1980`: the only part of a DOB that review and `provider show` display. */
export function birthYear(dob: string | null): string | null {
  return dob && /^\d{4}/.test(dob) ? dob.slice(0, 4) : null;
}

function formatAddress(r: SideRow): string | null {
  const street = [r.address1, r.address2].filter(Boolean).join(' ');
  const place = [r.city, [r.state, r.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const text = [street, place].filter(Boolean).join(', ');
  return text || null;
}

/** `rules` is a JSON array of blocking rule names; plain comma lists are read as well. */
function parseRules(text: string): string[] {
  try {
    const v = JSON.parse(text) as unknown;
    if (Array.isArray(v)) return v.map(String);
  } catch {
    // not JSON: fall through to the comma list
  }
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseComparisons(text: string): Comparison[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v as Comparison[]) : [];
  } catch {
    return [];
  }
}
