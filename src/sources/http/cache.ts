import type { Db } from '../../store/sqlite.js';

/** Query parameters that carry credentials: never part of a cache key, a log line or evidence. */
const SECRET_PARAMS = /^(api_?key|key|token|access_token)$/i;

/** A URL's path and query without credential parameters, parameters sorted (stable key). */
export function normalisedQuery(url: URL): string {
  const params = [...url.searchParams.entries()]
    .filter(([k]) => !SECRET_PARAMS.test(k))
    .sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  const query = new URLSearchParams(params).toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

export interface CachedResponse {
  status: number;
  body: string;
  fetchedAt: string;
}

/**
 * Successful API responses kept in the workspace SQLite for a TTL, keyed by source and
 * normalised query. A rerun within the TTL, or a run resumed after a kill, answers from here
 * without a call. Each entry is committed on its own, so a kill loses at most the calls in flight.
 */
export class ResponseCache {
  constructor(
    private readonly db: Db,
    readonly ttlMs: number,
  ) {}

  get(source: string, key: string, now = Date.now()): CachedResponse | undefined {
    if (this.ttlMs <= 0) return undefined;
    const row = this.db
      .prepare(
        `SELECT status, body, fetched_at AS fetchedAt FROM http_cache
         WHERE source = ? AND key = ? AND expires_at > ?`,
      )
      .get(source, key, new Date(now).toISOString()) as CachedResponse | undefined;
    return row;
  }

  put(source: string, key: string, status: number, body: string, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    this.db
      .prepare(
        `INSERT INTO http_cache (source, key, status, body, fetched_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (source, key) DO UPDATE SET status = excluded.status,
           body = excluded.body, fetched_at = excluded.fetched_at,
           expires_at = excluded.expires_at`,
      )
      .run(
        source,
        key,
        status,
        body,
        new Date(now).toISOString(),
        new Date(now + this.ttlMs).toISOString(),
      );
  }

  /** Whether a live entry exists, without reading its body (for quota projections). */
  has(source: string, key: string, now = Date.now()): boolean {
    if (this.ttlMs <= 0) return false;
    return (
      this.db
        .prepare('SELECT 1 FROM http_cache WHERE source = ? AND key = ? AND expires_at > ?')
        .get(source, key, new Date(now).toISOString()) !== undefined
    );
  }
}
