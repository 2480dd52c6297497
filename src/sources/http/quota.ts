import type { Db } from '../../store/sqlite.js';

const MINUTE = 60_000;
export const DAY_MS = 24 * 60 * MINUTE;

/**
 * A daily call budget per source over a rolling window (SAM: 1,000 per 24 h for most keys),
 * counted in the workspace so separate runs share it. Calls are counted per minute bucket; a
 * bucket counts until its whole minute has left the window, so the count never runs low.
 * A call is counted before it is sent: a call that never got an answer still cost quota.
 */
export class QuotaLedger {
  constructor(
    private readonly db: Db,
    readonly source: string,
    readonly budget: number,
    readonly windowMs = DAY_MS,
  ) {}

  used(now = Date.now()): number {
    const since = new Date(bucket(now - this.windowMs)).toISOString();
    const row = this.db
      .prepare(
        `SELECT coalesce(sum(used), 0) AS n FROM source_quota
         WHERE source = ? AND window_start >= ?`,
      )
      .get(this.source, since) as { n: number };
    return row.n;
  }

  remaining(now = Date.now()): number {
    return Math.max(0, this.budget - this.used(now));
  }

  /** Counts one call if the budget allows it; false means the call must not be made. */
  take(now = Date.now()): boolean {
    return this.db.transaction(() => {
      if (this.used(now) >= this.budget) return false;
      this.db
        .prepare(
          `INSERT INTO source_quota (source, window_start, used) VALUES (?, ?, 1)
           ON CONFLICT (source, window_start) DO UPDATE SET used = used + 1`,
        )
        .run(this.source, new Date(bucket(now)).toISOString());
      return true;
    })();
  }
}

function bucket(ms: number): number {
  return Math.floor(ms / MINUTE) * MINUTE;
}
