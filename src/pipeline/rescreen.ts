import type { DuckDBConnection } from '@duckdb/node-api';
import type { StageContext } from './context.js';
import { usageError } from '../errors.js';
import { openDuck, queryRows } from '../store/duckdb.js';
import { ensureReferenceSchema, latestSnapshots, type SnapshotInfo } from '../store/reference.js';
import type { Db } from '../store/sqlite.js';
import type { CheckDecision } from '../transform/match-decision.js';
import { today } from '../sources/snapshot-dates.js';
import { copyRosterForChecks } from './verify-roster.js';
import { exclusionDecisions } from './verify-queries.js';
import { stateListDecisions } from './verify-state-lists.js';
import { importedLayouts } from './verify-boards.js';
import { writeChecks, type SourceChecks } from './verify-checks.js';

export interface RescreenOptions {
  /** `leie`, `sam`, `state-lists` or `state-list:<id>`. @default leie, sam and every state list */
  sources?: string[];
  /** Date exclusion end dates are compared with. @default today (UTC) */
  asOf?: string;
}

/** A provider in a rescreen list: its master (null before `dedupe` ran) and NPI, never a name. */
export interface RescreenEntry {
  masterId: string | null;
  npi: string | null;
  reason: string;
}

export interface SourceRescreen {
  snapshot: string | null;
  previous: string | null;
  /** Why nothing was compared (`no snapshot`, `one snapshot: nothing to compare`). */
  note?: string;
  /** List records present now and absent before, and the reverse, by stable record key. */
  recordsAdded: number;
  recordsRemoved: number;
  newlyExcluded: RescreenEntry[];
  newlyPossible: RescreenEntry[];
  /** Excluded against the previous snapshot, clear (`not-found`) against the latest. */
  reinstated: RescreenEntry[];
}

export interface RescreenResult {
  rowsChecked: number;
  sources: Record<string, SourceRescreen>;
}

/**
 * Stable key of a list record across monthly files: the fields naming the party and the
 * exclusion, not the address or other profile details that corrections change.
 */
const RECORD_KEY: Record<string, string> = {
  leie: `concat_ws('|', last_name, first_name, mid_name, bus_name, npi, dob, excl_type,
    excl_date)`,
  sam: `coalesce(sam_number, concat_ws('|', name, first, last, uei, npi, active_date))`,
  state_lists: `concat_ws('|', layout, array_to_string(list_sort(npis), ' '), last_name,
    first_name, org_name, dob, start_date)`,
};

/**
 * Monitoring: checks every roster row against the latest snapshot of each exclusion source
 * and against the one before it, and reports who is newly excluded or newly a possible match,
 * and who was excluded and no longer is. The latest decisions are stored as checks (as
 * `verify` would), so the next dedupe and export act on them.
 */
export async function rescreen(
  ctx: StageContext,
  opts: RescreenOptions = {},
): Promise<RescreenResult> {
  const asOf = opts.asOf ?? today();
  const duck = await openDuck(ctx.ws);
  const out: Record<string, SourceRescreen> = {};
  const latest: SourceChecks[] = [];
  let rowsChecked: number;
  try {
    await ensureReferenceSchema(duck.conn);
    rowsChecked = await copyRosterForChecks(ctx.db, duck.conn);
    const owners = rowOwners(ctx.db);
    for (const source of await selectSources(duck.conn, opts.sources)) {
      const r = await compareSource(duck.conn, source, asOf, owners);
      out[source] = r.summary;
      if (r.latest) latest.push(r.latest);
    }
  } finally {
    duck.close();
  }
  writeChecks(ctx.db, latest, new Date().toISOString());
  ctx.log.event('info', 'verify.rescreen.done', { rowsChecked, sources: counts(out) });
  return { rowsChecked, sources: out };
}

async function selectSources(conn: DuckDBConnection, names?: string[]): Promise<string[]> {
  const lists = (await importedLayouts(conn, 'state-list')).map((l) => l.source);
  if (!names?.length) return ['leie', 'sam', ...lists];
  const out = new Set<string>();
  for (const n of names) {
    if (n === 'state-lists') lists.forEach((l) => out.add(l));
    else if (n === 'leie' || n === 'sam' || n.startsWith('state-list:')) out.add(n);
    else {
      const lists = 'leie, sam, state-lists, state-list:<id>';
      throw usageError('E_BAD_SOURCE', `--rescreen covers ${lists} only (got "${n}")`);
    }
  }
  return [...out];
}

type Owners = Map<number, { masterId: string | null; npi: string | null }>;

async function compareSource(
  conn: DuckDBConnection,
  source: string,
  asOf: string,
  owners: Owners,
): Promise<{ summary: SourceRescreen; latest: SourceChecks | null }> {
  const [now, before] = await latestSnapshots(conn, source, 2);
  const summary = emptySummary(now ?? null, before ?? null);
  if (!now) return { summary: { ...summary, note: 'no snapshot' }, latest: null };
  const current = await decisionsFor(conn, source, now.id, asOf);
  const latest = { source, snapshot: now, decisions: current };
  if (!before || !(await hasRows(conn, source, before))) {
    return { summary: { ...summary, note: 'one snapshot: nothing to compare' }, latest };
  }
  const previous = await decisionsFor(conn, source, before.id, asOf);
  Object.assign(summary, await recordDiff(conn, source, now.id, before.id));
  const entries = (pick: (was: string, is: string) => boolean) =>
    listed(current, previous, owners, pick);
  summary.newlyExcluded = entries((was, is) => is === 'excluded' && was !== 'excluded');
  summary.newlyPossible = entries(
    (was, is) => is === 'possible-match' && was !== 'possible-match' && was !== 'excluded',
  );
  summary.reinstated = entries((was, is) => was === 'excluded' && is === 'not-found');
  return { summary, latest };
}

function decisionsFor(
  conn: DuckDBConnection,
  source: string,
  snap: string,
  asOf: string,
): Promise<Map<number, CheckDecision>> {
  if (source === 'leie' || source === 'sam') return exclusionDecisions(conn, source, snap, asOf);
  return stateListDecisions(conn, snap, asOf);
}

const tableOf = (source: string) => (source.startsWith('state-list:') ? 'state_lists' : source);

/** Whether the previous snapshot still has its rows (imports before rescreen dropped them). */
async function hasRows(conn: DuckDBConnection, source: string, snap: SnapshotInfo) {
  if (snap.rows === 0) return true;
  const sql = `SELECT count(*)::INTEGER AS n FROM ${tableOf(source)} WHERE snapshot_id = $snap`;
  const [r] = await queryRows<{ n: number }>(conn, sql, { snap: snap.id });
  return r.n > 0;
}

/** Records added and removed between two snapshots, set-based on the stable record key. */
async function recordDiff(conn: DuckDBConnection, source: string, now: string, before: string) {
  const table = tableOf(source);
  const keys = (snap: string) =>
    `SELECT ${RECORD_KEY[table]} AS k FROM ${table} WHERE snapshot_id = ${snap}`;
  const [r] = await queryRows<{ added: number; removed: number }>(
    conn,
    `SELECT (SELECT count(*) FROM (${keys('$now')} EXCEPT ${keys('$before')}))::INTEGER AS added,
      (SELECT count(*) FROM (${keys('$before')} EXCEPT ${keys('$now')}))::INTEGER AS removed`,
    { now, before },
  );
  return { recordsAdded: r.added, recordsRemoved: r.removed };
}

/** One entry per master (or per unmastered row) whose outcome moved as `pick` says. */
function listed(
  current: Map<number, CheckDecision>,
  previous: Map<number, CheckDecision>,
  owners: Owners,
  pick: (was: string, is: string) => boolean,
): RescreenEntry[] {
  const out = new Map<string, RescreenEntry>();
  for (const [rowId, d] of current) {
    const was = previous.get(rowId);
    if (!was || !pick(was.outcome, d.outcome)) continue;
    const owner = owners.get(rowId) ?? { masterId: null, npi: null };
    const reason = d.outcome === 'not-found' ? was.reason : d.reason;
    const key = owner.masterId ?? `row:${rowId}`;
    if (!out.has(key)) out.set(key, { masterId: owner.masterId, npi: owner.npi, reason });
  }
  return [...out.values()].sort((a, b) => String(a.masterId).localeCompare(String(b.masterId)));
}

/** Each roster row's master and NPI (the master's, else the row's own). */
function rowOwners(db: Db): Owners {
  const rows = db
    .prepare(
      `SELECT r.id AS rowId, m.id AS masterId, coalesce(m.npi, r.npi) AS npi
       FROM roster_rows r LEFT JOIN master_members mm ON mm.row_id = r.id
       LEFT JOIN masters m ON m.id = mm.master_id`,
    )
    .all() as { rowId: number; masterId: string | null; npi: string | null }[];
  return new Map(rows.map((r) => [r.rowId, { masterId: r.masterId, npi: r.npi }]));
}

function emptySummary(now: SnapshotInfo | null, before: SnapshotInfo | null): SourceRescreen {
  return {
    snapshot: now?.id ?? null,
    previous: before?.id ?? null,
    recordsAdded: 0,
    recordsRemoved: 0,
    newlyExcluded: [],
    newlyPossible: [],
    reinstated: [],
  };
}

function counts(out: Record<string, SourceRescreen>) {
  return Object.fromEntries(
    Object.entries(out).map(([s, r]) => [
      s,
      { newlyExcluded: r.newlyExcluded.length, reinstated: r.reinstated.length },
    ]),
  );
}
