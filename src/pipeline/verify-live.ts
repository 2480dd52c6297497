import type { StageContext } from './context.js';
import type { VerifyResult } from './verify.js';
import { CredkitError, ExitCode, usageError } from '../errors.js';
import { OUTCOMES, type Outcome, type SourceName } from '../model.js';
import type { Db } from '../store/sqlite.js';
import type { CheckDecision } from '../transform/match-decision.js';
import { isValidNpi } from '../transform/npi.js';
import { nameKey, orgKey } from '../transform/match-names.js';
import { today } from '../sources/snapshot-dates.js';
import type { BreakerOptions } from '../sources/http/breaker.js';
import { ResponseCache } from '../sources/http/cache.js';
import {
  SourceClient,
  type Answer,
  type ClientTiming,
  type Failure,
} from '../sources/http/client.js';
import { rateOptions } from '../sources/http/queue.js';
import { QuotaLedger } from '../sources/http/quota.js';
import { NppesApi, nppesApiUrl } from '../sources/nppes/api.js';
import { decideNppesLive } from '../sources/nppes/api-decide.js';
import { SamApi, samApiKey, samApiUrl } from '../sources/sam/api.js';
import { decideSamLive, samQueriesFor, type SamRosterRow } from '../sources/sam/api-decide.js';

/** Sources with a live API; LEIE has none (only the monthly file). */
export const LIVE_SOURCES = ['nppes', 'sam'] as const satisfies readonly SourceName[];
type LiveSource = (typeof LIVE_SOURCES)[number];

export interface LiveOptions {
  /** @default both live sources */
  sources?: SourceName[];
  /** Requests in flight per source. @default 4 */
  concurrency?: number;
  /** Requests started per second per source, over any sliding second. @default 5 */
  ratePerSecond?: number;
  /** Date exclusion end dates are compared with. @default today (UTC) */
  asOf?: string;
  /** SAM calls allowed per rolling 24 h in this workspace. @default 1000 */
  samBudget?: number;
  /** How long a response answers repeated queries. @default 24 h */
  cacheTtlMs?: number;
  timing?: Partial<ClientTiming>;
  breaker?: BreakerOptions;
  /** Where base URLs and `SAM_API_KEY` are read. @default process.env */
  env?: NodeJS.ProcessEnv;
  onProgress?: (done: number, total: number) => void;
}

export interface LiveResult extends VerifyResult {
  mode: 'live';
  /** HTTP attempts made (retries included). */
  calls: number;
  cacheHits: number;
  /** Attempts per second over the stage's wall time. */
  rateAchieved: number;
  /** Sources stopped during the run, with why (`auth-failed`, `throttled`, `no-api-key`...). */
  unavailable: Record<string, string>;
}

export const DEFAULT_SAM_BUDGET = 1000;
const DAY = 24 * 3600 * 1000;

interface LiveRow extends SamRosterRow {
  id: number;
  taxonomy: string | null;
  licenseState: string | null;
}

/**
 * Checks every roster row against the live NPPES and SAM APIs: one check per (row, source),
 * written as soon as it is decided with the bulk path's UPSERT, so a killed run keeps what it
 * finished; responses are cached, so the rerun repeats only calls that were in flight. Every
 * failed or refused call gives `source-unavailable`, never a clear result.
 */
export async function verifyLive(ctx: StageContext, opts: LiveOptions = {}): Promise<LiveResult> {
  const sources = liveSources(opts.sources);
  const env = opts.env ?? process.env;
  const asOf = opts.asOf ?? today();
  const rows = readRoster(ctx.db);
  const cache = new ResponseCache(ctx.db, opts.cacheTtlMs ?? DAY);
  const clients = sources.map((s) => makeClient(ctx, s, opts, cache, env));
  const started = Date.now();
  const counts: Record<string, Record<Outcome, number>> = {};
  const write = checkWriter(ctx.db);
  let done = 0;
  const total = rows.length * sources.length;
  try {
    await Promise.all(
      clients.map(async ({ source, check }) => {
        const tally = (counts[source] = zeroCounts());
        const concurrency = (opts.concurrency ?? 4) * 2;
        await pool(rows, concurrency, async (row) => {
          const { decision, requests, failure } = await check(row, asOf);
          write(row.id, source, decision, requests, failure);
          tally[decision.outcome]++;
          opts.onProgress?.(++done, total);
        });
      }),
    );
  } finally {
    for (const c of clients) c.client?.close();
  }
  const calls = clients.reduce((n, c) => n + (c.client?.calls ?? 0), 0);
  const cacheHits = clients.reduce((n, c) => n + (c.client?.cacheHits ?? 0), 0);
  const seconds = Math.max(0.001, (Date.now() - started) / 1000);
  const unavailable = Object.fromEntries(
    clients.filter((c) => c.stopReason()).map((c) => [c.source, c.stopReason()!]),
  );
  const result: LiveResult = {
    mode: 'live',
    rowsChecked: rows.length,
    checks: sumCounts(counts),
    bySource: counts,
    stale: [],
    calls,
    cacheHits,
    rateAchieved: Math.round((calls / seconds) * 100) / 100,
    unavailable,
  };
  ctx.log.event('info', 'verify.live.done', { ...result, bySource: undefined });
  return result;
}

interface Checked {
  decision: CheckDecision;
  requests: Answer[];
  failure?: Failure;
}

interface LiveClient {
  source: LiveSource;
  client: SourceClient | undefined;
  check: (row: LiveRow, asOf: string) => Promise<Checked>;
  stopReason: () => string | undefined;
}

function makeClient(
  ctx: StageContext,
  source: LiveSource,
  opts: LiveOptions,
  cache: ResponseCache,
  env: NodeJS.ProcessEnv,
): LiveClient {
  const key = source === 'sam' ? samApiKey(env) : undefined;
  if (source === 'sam' && !key) {
    return { source, client: undefined, check: noKeyCheck, stopReason: () => 'no-api-key' };
  }
  const quota =
    source === 'sam'
      ? new QuotaLedger(ctx.db, 'sam', opts.samBudget ?? DEFAULT_SAM_BUDGET)
      : undefined;
  const client = new SourceClient({
    source,
    secretHeaders: key ? { 'x-api-key': key } : undefined,
    queue: rateOptions(opts.concurrency ?? 4, opts.ratePerSecond ?? 5),
    breaker: opts.breaker,
    timing: opts.timing,
    cache,
    quota,
    log: (level, event, fields) => ctx.log.event(level, event, fields),
  });
  const stopReason = () => client.stopped?.reason;
  if (source === 'nppes') {
    const api = new NppesApi(client, nppesApiUrl(env));
    return { source, client, stopReason, check: (row) => checkNppes(api, row) };
  }
  const api = new SamApi(client, samApiUrl(env));
  refuseOverBudget(api, client, quota!, ctx.db);
  return { source, client, stopReason, check: (row, asOf) => checkSam(api, row, asOf) };
}

async function checkNppes(api: NppesApi, row: LiveRow): Promise<Checked> {
  if (!row.npi) return { decision: decideNppesLive(row, null, ''), requests: [] };
  const res = await api.lookupNpi(row.npi);
  if (res.kind === 'failed') return unavailableCheck({ npi: row.npi }, res.failure, []);
  const record = res.kind === 'found' ? res.record : null;
  return { decision: decideNppesLive(row, record, res.answer.rawSha256), requests: [res.answer] };
}

async function checkSam(api: SamApi, row: LiveRow, asOf: string): Promise<Checked> {
  const answered = [];
  const requests: Answer[] = [];
  for (const { via, query } of samQueriesFor(row)) {
    const res = await api.search(query);
    requests.push(...res.answers);
    if (res.kind === 'failed') return unavailableCheck(queryOf(row), res.failure, requests);
    const rawSha256 = res.answers[0]?.rawSha256 ?? '';
    answered.push({ via, records: res.records, rawSha256 });
  }
  return { decision: decideSamLive(row, answered, asOf), requests };
}

async function noKeyCheck(row: LiveRow): Promise<Checked> {
  if (!samQueriesFor(row).length) return { decision: decideSamLive(row, [], ''), requests: [] };
  const decision = unavailable('no-api-key', queryOf(row));
  return { decision, requests: [] };
}

function unavailableCheck(query: CheckDecision['query'], f: Failure, requests: Answer[]): Checked {
  return { decision: unavailable(f.reason, query), requests, failure: f };
}

function unavailable(reason: string, query: CheckDecision['query']): CheckDecision {
  return { outcome: 'source-unavailable', reason, query, matched: null, rawSha256: null };
}

function queryOf(row: LiveRow): CheckDecision['query'] {
  const person = row.lastKey && row.firstKey ? `${row.lastKey}|${row.firstKey}` : null;
  const nameKey = row.entityType === 'organization' ? row.orgKey : person;
  return { ...(row.npi ? { npi: row.npi } : {}), ...(nameKey ? { nameKey } : {}) };
}

/**
 * SAM keys have small daily quotas (sources.md 5.1): before any call, the first page of every
 * query not answered by the cache must fit in what is left of the rolling 24 h budget, or the
 * run is refused (exit 3) with nothing spent. Extra pages and retries are checked per call.
 */
function refuseOverBudget(api: SamApi, client: SourceClient, quota: QuotaLedger, db: Db): void {
  let needed = 0;
  for (const row of readRoster(db)) {
    for (const { query } of samQueriesFor(row)) if (!client.isCached(api.url(query))) needed++;
  }
  const left = quota.remaining();
  if (needed <= left) return;
  throw new CredkitError(
    'E_SAM_QUOTA',
    `SAM live checks need about ${needed} calls but ${left} of the daily budget of ` +
      `${quota.budget} are left (rolling 24 h)`,
    {
      exit: ExitCode.incomplete,
      suggestion:
        'Screen against the SAM extract (credkit sources import sam <file>; verify --mode bulk), ' +
        'check fewer rows, or raise --sam-budget if your key allows more.',
    },
  );
}

const UPSERT = `
INSERT INTO checks (row_id, source, outcome, reason, snapshot_id, evidence, checked_at)
VALUES (@rowId, @source, @outcome, @reason, NULL, @evidence, @checkedAt)
ON CONFLICT (row_id, source) DO UPDATE SET
  outcome = excluded.outcome, reason = excluded.reason, snapshot_id = excluded.snapshot_id,
  evidence = excluded.evidence, checked_at = excluded.checked_at`;

/** Writes each check as soon as it is decided (autocommit: a kill keeps finished checks). */
function checkWriter(db: Db) {
  const upsert = db.prepare(UPSERT);
  return (rowId: number, source: string, d: CheckDecision, req: Answer[], f?: Failure) => {
    const requests = req.map((a) => ({
      query: a.query,
      requestedAt: a.requestedAt,
      rawSha256: a.rawSha256,
      fromCache: a.fromCache,
    }));
    const evidence = {
      source,
      mode: 'live',
      snapshotId: null,
      published: null,
      query: d.query,
      requestedAt: req[0]?.requestedAt ?? f?.requestedAt ?? null,
      requests,
      matched: d.matched,
      rawSha256: d.rawSha256 ?? req[0]?.rawSha256 ?? null,
      ...(d.compared ? { compared: d.compared } : {}),
      ...(f ? { failure: { reason: f.reason, detail: f.detail, field: f.field ?? null } } : {}),
    };
    const checkedAt = new Date().toISOString();
    const { outcome, reason } = d;
    upsert.run({ rowId, source, outcome, reason, evidence: JSON.stringify(evidence), checkedAt });
  };
}

function readRoster(db: Db): LiveRow[] {
  const rows = db
    .prepare(
      `SELECT id, entity_type AS entityType, npi, last_name AS lastName,
        first_name AS firstName, org_name AS orgName, dob, taxonomy,
        license_state AS licenseState FROM roster_rows ORDER BY id`,
    )
    .all() as (LiveRow & { npi: string | null })[];
  return rows.map((r) => ({
    ...r,
    npi: isValidNpi(r.npi?.trim()) ? r.npi!.trim() : null,
    lastKey: nameKey(r.lastName),
    firstKey: nameKey(r.firstName),
    orgKey: orgKey(r.orgName),
  }));
}

/** Runs `work` over `items` with at most `n` at a time. */
async function pool<T>(items: T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
}

function liveSources(sources: SourceName[] | undefined): LiveSource[] {
  if (!sources || sources.length === 0) return [...LIVE_SOURCES];
  const live = LIVE_SOURCES as readonly string[];
  const bad = sources.filter((s) => !live.includes(s));
  if (bad.length) {
    throw usageError(
      'E_NO_LIVE_API',
      `${bad.join(', ')} has no live API: check it with --mode bulk (live: ${live.join(', ')})`,
    );
  }
  return [...new Set(sources)] as LiveSource[];
}

function zeroCounts(): Record<Outcome, number> {
  return Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
}

function sumCounts(by: Record<string, Record<Outcome, number>>): Record<Outcome, number> {
  const all = zeroCounts();
  for (const c of Object.values(by)) for (const o of OUTCOMES) all[o] += c[o];
  return all;
}
