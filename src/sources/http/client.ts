import { sha256 } from '../../hash.js';
import { request } from 'undici';
import { classify, type Classified, type Exchange } from './classify.js';
import { CircuitBreaker, DEFAULT_BREAKER, type BreakerOptions } from './breaker.js';
import { normalisedQuery, type ResponseCache } from './cache.js';
import type { QuotaLedger } from './quota.js';
import { DEFAULT_QUEUE, SourceQueue, type QueueOptions } from './queue.js';
import { readTextCapped } from './read-body.js';
import {
  DEFAULT_BACKOFF,
  isTransientNetworkError,
  nextDelay,
  sleep,
  type Backoff,
} from './retry.js';

/** Limits of one source's calls; tests shrink the waits. */
export interface ClientTiming {
  /** Headers and body-idle timeout of one attempt. @default 30000 */
  timeoutMs: number;
  /** Retries of one request after transient failures and 429s. @default 5 */
  maxRetries: number;
  /** Longest `Retry-After` worth waiting; a longer one stops the source. @default 120000 */
  maxThrottleWaitMs: number;
  backoff: Backoff;
}

export const DEFAULT_TIMING: ClientTiming = {
  timeoutMs: 30_000,
  maxRetries: 5,
  maxThrottleWaitMs: 120_000,
  backoff: DEFAULT_BACKOFF,
};

export interface SourceClientOptions {
  source: string;
  /** Sent with every request and never logged (`X-Api-Key`). */
  secretHeaders?: Record<string, string>;
  queue?: QueueOptions;
  breaker?: BreakerOptions;
  timing?: Partial<ClientTiming>;
  cache?: ResponseCache;
  quota?: QuotaLedger;
  /** Structured events (PII-free: path only, never the query). */
  log?: (level: 'info' | 'warn', event: string, fields: Record<string, unknown>) => void;
}

/** Why a request gave no usable answer; every one makes the check `source-unavailable`. */
export type FailureReason =
  | 'http-unavailable'
  | 'throttled'
  | 'auth-failed'
  | 'circuit-open'
  | 'quota-exhausted'
  | 'request-invalid'
  | 'malformed-response'
  | 'endpoint-missing'
  | 'record-missing'
  | 'too-many-results';

export interface Answer {
  ok: true;
  json: unknown;
  /** SHA-256 of the response body. */
  rawSha256: string;
  /** Path and query without credentials: what evidence and cache keys record. */
  query: string;
  requestedAt: string;
  fromCache: boolean;
}

export interface Failure {
  ok: false;
  reason: FailureReason;
  detail: string;
  query: string;
  requestedAt: string;
  field?: string;
  status?: number;
}

export type Outcome = Answer | Failure;

/** A failure that ends every later request of the source (bad key, long throttle, quota). */
interface Stop {
  reason: FailureReason;
  detail: string;
}

const MAX_BODY = 32 * 1024 * 1024;

/**
 * GETs JSON from one source through its queue, breaker, cache and quota, retrying what may
 * pass (5xx, timeouts, resets, HTML bodies, 429 within the wait cap) and never turning a
 * failure into an answer. All calls are idempotent GETs.
 */
export class SourceClient {
  readonly source: string;
  readonly queue: SourceQueue;
  readonly breaker: CircuitBreaker;
  readonly timing: ClientTiming;
  calls = 0;
  cacheHits = 0;
  private stop: Stop | undefined;

  constructor(private readonly opts: SourceClientOptions) {
    this.source = opts.source;
    this.queue = new SourceQueue(opts.queue ?? DEFAULT_QUEUE);
    this.breaker = new CircuitBreaker(opts.breaker ?? DEFAULT_BREAKER);
    this.timing = { ...DEFAULT_TIMING, ...opts.timing };
  }

  /** The reason the source was stopped, if it was. */
  get stopped(): Stop | undefined {
    return this.stop;
  }

  /** Whether `url` is answered from the cache right now (no call would be made). */
  isCached(url: URL): boolean {
    return this.opts.cache?.has(this.source, normalisedQuery(url)) ?? false;
  }

  async getJson(url: URL): Promise<Outcome> {
    const query = normalisedQuery(url);
    const requestedAt = new Date().toISOString();
    const cached = this.opts.cache?.get(this.source, query);
    if (cached) {
      this.cacheHits++;
      const json = JSON.parse(cached.body) as unknown;
      return {
        ok: true,
        json,
        rawSha256: sha256(cached.body),
        query,
        requestedAt,
        fromCache: true,
      };
    }
    const fail = (reason: FailureReason, detail: string, extra: Partial<Failure> = {}): Failure => {
      this.opts.log?.('warn', 'http.failed', { source: this.source, reason, detail });
      return { ok: false, reason, detail, query, requestedAt, ...extra };
    };
    let malformedSeen = false;
    for (let attempt = 0; ; attempt++) {
      if (this.stop) return fail(this.stop.reason, this.stop.detail);
      if (!this.breaker.allow()) return fail('circuit-open', 'too many consecutive failures');
      if (this.opts.quota && !this.opts.quota.take()) {
        return fail(...this.halt('quota-exhausted', `daily budget of ${this.opts.quota.budget}`));
      }
      const done = await this.queue.run(() => this.attempt(url, attempt));
      if (!done) continue;
      const { reply, c, wait } = done;
      this.opts.log?.('info', 'http.reply', {
        source: this.source,
        path: url.pathname,
        ...brief(c),
      });
      if (c.kind === 'ok') {
        this.breaker.success();
        this.opts.cache?.put(this.source, query, reply.status, reply.text);
        const rawSha256 = sha256(reply.text);
        return { ok: true, json: c.json, rawSha256, query, requestedAt, fromCache: false };
      }
      const final = this.finalFailure(c, malformedSeen);
      if (final) return fail(final[0], final[1], { field: c.field, status: c.status });
      if (c.kind === 'malformed') malformedSeen = true;
      if (attempt >= this.timing.maxRetries) {
        return fail('http-unavailable', `gave up after ${attempt + 1} attempts: ${c.detail}`);
      }
      if (c.kind === 'throttled' && wait > this.timing.maxThrottleWaitMs) {
        return fail(...this.halt('throttled', `server asked to wait ${Math.ceil(wait / 1000)} s`));
      }
      await sleep(wait);
    }
  }

  /** The failure that ends this request (and maybe the source), or undefined to retry. */
  private finalFailure(c: Classified, malformedSeen: boolean): [FailureReason, string] | undefined {
    switch (c.kind) {
      case 'invalid':
        this.breaker.success();
        return ['request-invalid', c.detail];
      case 'record-missing':
        this.breaker.success();
        return ['record-missing', c.detail];
      case 'auth':
        return this.halt('auth-failed', `${c.detail} (HTTP ${c.status}: check API key / role)`);
      case 'endpoint-missing':
        return this.halt('endpoint-missing', `${c.detail}: check the base URL`);
      case 'malformed':
        this.breaker.failure();
        return malformedSeen ? ['malformed-response', c.detail] : undefined;
      case 'transient':
        this.breaker.failure();
        return undefined;
      default:
        return undefined;
    }
  }

  private halt(reason: FailureReason, detail: string): [FailureReason, string] {
    if (!this.stop) {
      this.stop = { reason, detail };
      this.opts.log?.('warn', 'source.stopped', { source: this.source, reason, detail });
    }
    return [this.stop.reason, this.stop.detail];
  }

  /**
   * One attempt inside the queue. A 429 puts the whole source on hold before the queue slot is
   * released, so no request of this source can start inside the server's window. Undefined
   * when the source was stopped meanwhile.
   */
  private async attempt(url: URL, n: number) {
    // The source may have been stopped while this attempt waited in the queue.
    if (this.stop) return undefined;
    const reply = await this.send(url);
    const c = classify(reply);
    const wait = nextDelay(c.retryAfterMs, n, this.timing.backoff);
    if (c.kind === 'throttled' && wait <= this.timing.maxThrottleWaitMs) {
      this.queue.hold(Date.now() + wait);
    }
    // Stop the source before the slot frees, so no queued attempt goes out with a bad key.
    if (c.kind === 'auth' || c.kind === 'endpoint-missing') this.finalFailure(c, true);
    return { reply, c, wait };
  }

  /** One attempt; network failures and timeouts come back as status 0. */
  private async send(url: URL): Promise<Exchange> {
    this.calls++;
    const t = this.timing.timeoutMs;
    const headers = { accept: 'application/json', ...this.opts.secretHeaders };
    try {
      const res = await request(url, {
        method: 'GET',
        headers,
        headersTimeout: t,
        bodyTimeout: t,
        signal: AbortSignal.timeout(t * 2),
      });
      const text = await readTextCapped(res.body, MAX_BODY, url.origin + url.pathname);
      return { status: res.statusCode, headers: res.headers, text };
    } catch (err) {
      return { status: 0, headers: {}, text: '', error: errorCode(err) };
    }
  }

  close(): void {
    this.queue.close();
  }
}

function errorCode(err: unknown): string {
  if (isTransientNetworkError(err)) return String((err as { code: string }).code);
  const name = (err as { name?: unknown })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'ETIMEDOUT';
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'network error';
}

function brief(c: Classified): Record<string, unknown> {
  return { status: c.status, class: c.kind, ...(c.kind === 'ok' ? {} : { detail: c.detail }) };
}

export { sha256 };
