import { request } from 'undici';
import { CredkitError, ExitCode } from '../../errors.js';
import { isTransientNetworkError, nextDelay, sleep, type Backoff } from '../http/retry.js';
import { readTextCapped } from '../http/read-body.js';
import type { TokenSource } from './auth.js';
import { classifyReply, type Failure, type Reply } from './outcome.js';

/** Limits and waits of the Bulk client; tests shrink the waits. */
export interface BulkTiming extends Backoff {
  /** Consecutive transient failures (5xx, resets, timeouts, HTML) before giving up. @default 5 */
  maxTransient: number;
  /** Consecutive 429 replies before giving up. @default 30 */
  maxThrottled: number;
  /** Headers and idle-body timeout of one request. @default 60000 */
  requestTimeoutMs: number;
}

export const DEFAULT_TIMING: BulkTiming = {
  baseMs: 1000,
  capMs: 60_000,
  maxTransient: 5,
  maxThrottled: 30,
  requestTimeoutMs: 60_000,
};

/** Largest status or kick-off body read (a manifest lists files; it is not data). */
const MAX_STATUS_BODY = 16 * 1024 * 1024;

/** The HTTP side of a Bulk Data export: one request at a time, with auth and retry policy. */
export class BulkHttp {
  readonly timing: BulkTiming;

  constructor(
    readonly auth: TokenSource | undefined,
    timing: Partial<BulkTiming> = {},
  ) {
    this.timing = { ...DEFAULT_TIMING, ...timing };
  }

  /** Headers for a request, with the bearer token when `withToken` and auth is configured. */
  async headers(accept: string, withToken: boolean): Promise<Record<string, string>> {
    const h: Record<string, string> = { accept };
    if (withToken && this.auth) h.authorization = `Bearer ${await this.auth.bearer()}`;
    return h;
  }

  /** One exchange; network failures come back as status 0 instead of throwing. */
  async send(
    method: 'GET' | 'DELETE',
    url: string,
    headers: Record<string, string>,
  ): Promise<Reply> {
    const t = this.timing.requestTimeoutMs;
    try {
      const res = await request(url, { method, headers, headersTimeout: t, bodyTimeout: t });
      const text = await readTextCapped(res.body, MAX_STATUS_BODY, url);
      return { status: res.statusCode, headers: res.headers, text };
    } catch (err) {
      if (!isTransientNetworkError(err)) throw err;
      return { status: 0, headers: {}, text: '', error: String((err as { code: string }).code) };
    }
  }
}

/** Counts consecutive failures of one request and decides whether to try again. */
export class RetryBudget {
  private transient = 0;
  private throttled = 0;
  private refreshed = false;

  constructor(
    private readonly http: BulkHttp,
    private readonly what: string,
  ) {}

  /** Any success or progress resets the count: only consecutive failures exhaust it. */
  reset(): void {
    this.transient = 0;
    this.throttled = 0;
    this.refreshed = false;
  }

  /**
   * Waits before the next attempt, or throws when the failure is final or the budget is spent.
   * A first 401 with auth drops the token and retries at once (it may have expired).
   */
  async recover(reply: Reply, onFinal: (f: Failure) => CredkitError): Promise<void> {
    const f = classifyReply(reply);
    const { timing, auth } = this.http;
    if (reply.status === 401 && auth && !this.refreshed) {
      this.refreshed = true;
      auth.invalidate();
      return;
    }
    if (f.kind === 'final') throw onFinal(f);
    const count = f.kind === 'throttled' ? ++this.throttled : ++this.transient;
    const max = f.kind === 'throttled' ? timing.maxThrottled : timing.maxTransient;
    if (count > max) throw exhausted(this.what, f, max);
    await sleep(nextDelay(f.retryAfterMs, count - 1, timing));
  }
}

function exhausted(what: string, f: Failure, max: number): CredkitError {
  const status = f.status ? `HTTP ${f.status}` : 'network';
  return new CredkitError(
    'E_BULK_UNAVAILABLE',
    `${what}: gave up after ${max} retries (${status}: ${f.detail})`,
    {
      exit: ExitCode.failure,
      suggestion: 'Run again later with --resume to continue this export.',
    },
  );
}
