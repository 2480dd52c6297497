import { createHash } from 'node:crypto';
import { usageError } from '../errors.js';
import type { Db } from '../store/sqlite.js';

/** The state an incremental export is cut against: the resources of an earlier export. */
export interface Baseline {
  /** The `_since` instant written into the manifest's `request`. */
  since: string;
  /** `Type/id` -> content hash, as of that export. */
  items: Map<string, string>;
}

const WATERMARK = 'export';
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `last`: the watermark (the last complete export), or null when no export completed yet, so
 * the first `--since last` run is a full export. An instant: the latest complete export at or
 * before it; with none, an empty baseline, so everything is output and nothing deleted.
 */
export function resolveBaseline(db: Db, since: string): Baseline | null {
  if (since === 'last') {
    const w = db
      .prepare('SELECT export_id AS id, transaction_time AS t FROM watermarks WHERE name = ?')
      .get(WATERMARK) as { id: string; t: string } | undefined;
    return w ? { since: w.t, items: itemsOf(db, w.id) } : null;
  }
  if (!INSTANT.test(since) || Number.isNaN(Date.parse(since))) {
    throw usageError('E_BAD_SINCE', `--since must be "last" or a FHIR instant, got ${since}`);
  }
  const at = new Date(since).toISOString();
  const prior = db
    .prepare(
      `SELECT id FROM exports WHERE status = 'complete' AND transaction_time <= ?
       ORDER BY transaction_time DESC LIMIT 1`,
    )
    .get(at) as { id: string } | undefined;
  return { since, items: prior ? itemsOf(db, prior.id) : new Map() };
}

function itemsOf(db: Db, exportId: string): Map<string, string> {
  const rows = db
    .prepare('SELECT type, id, hash FROM export_items WHERE export_id = ?')
    .all(exportId) as { type: string; id: string; hash: string }[];
  return new Map(rows.map((r) => [`${r.type}/${r.id}`, r.hash]));
}

/**
 * Hash of a resource's content. The export's own time (in `meta.lastUpdated`, Provenance
 * `recorded`) is cut out first: it changes on every export while the content does not.
 */
export function contentHash(json: string, transactionTime: string): string {
  return createHash('sha256').update(json.split(transactionTime).join('')).digest('hex');
}

/** `deleted` line: one transaction Bundle deleting one resource. */
export function deleteBundle(key: string) {
  return {
    resourceType: 'Bundle',
    id: `d-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`,
    type: 'transaction',
    entry: [{ request: { method: 'DELETE', url: key } }],
  };
}

/**
 * Records a complete export: its row, every resource's hash, and the watermark, in one
 * transaction. Called only after the folder is in place, so a failed export leaves the
 * watermark where it was.
 */
export function recordExport(
  db: Db,
  e: { id: string; transactionTime: string; since: string | null; dir: string; counts: object },
  items: ReadonlyMap<string, string>,
): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO exports (id, transaction_time, since, dir, status, counts)
       VALUES (?, ?, ?, ?, 'complete', ?)`,
    ).run(e.id, e.transactionTime, e.since, e.dir, JSON.stringify(e.counts));
    const insert = db.prepare(
      'INSERT INTO export_items (export_id, type, id, hash) VALUES (?, ?, ?, ?)',
    );
    for (const [key, hash] of items) {
      const slash = key.indexOf('/');
      insert.run(e.id, key.slice(0, slash), key.slice(slash + 1), hash);
    }
    db.prepare(
      `INSERT INTO watermarks (name, export_id, transaction_time) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET export_id = excluded.export_id,
         transaction_time = excluded.transaction_time`,
    ).run(WATERMARK, e.id, e.transactionTime);
  })();
}
