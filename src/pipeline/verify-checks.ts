import type { Db } from '../store/sqlite.js';
import type { SnapshotInfo } from '../store/reference.js';
import type { CheckDecision } from '../transform/match-decision.js';

/** The decisions of one source for every roster row, with the snapshot they came from. */
export interface SourceChecks {
  source: string;
  snapshot: SnapshotInfo | null;
  decisions: Map<number, CheckDecision>;
}

const UPSERT = `
INSERT INTO checks (row_id, source, outcome, reason, snapshot_id, evidence, checked_at)
VALUES (@rowId, @source, @outcome, @reason, @snapshotId, @evidence, @checkedAt)
ON CONFLICT (row_id, source) DO UPDATE SET
  outcome = excluded.outcome, reason = excluded.reason, snapshot_id = excluded.snapshot_id,
  evidence = excluded.evidence, checked_at = excluded.checked_at`;

/**
 * Writes one `checks` row per (roster row, source) in a single SQLite transaction; a rerun
 * replaces the earlier result instead of adding a second one.
 */
export function writeChecks(db: Db, all: SourceChecks[], checkedAt: string): void {
  const upsert = db.prepare(UPSERT);
  db.transaction(() => {
    for (const { source, snapshot, decisions } of all) {
      for (const [rowId, d] of decisions) {
        upsert.run({
          rowId,
          source,
          outcome: d.outcome,
          reason: d.reason,
          snapshotId: snapshot?.id ?? null,
          evidence: JSON.stringify(evidence(source, snapshot, d)),
          checkedAt,
        });
      }
    }
  })();
}

/** Evidence kept with a check: what was asked, of which snapshot, and what answered. */
export function evidence(source: string, snapshot: SnapshotInfo | null, d: CheckDecision) {
  return {
    source,
    snapshotId: snapshot?.id ?? null,
    published: snapshot?.published ?? null,
    query: d.query,
    matched: d.matched,
    rawSha256: d.rawSha256,
    ...(d.compared ? { compared: d.compared } : {}),
  };
}
