/**
 * Waiting rules shared by credkit's HTTP clients (reliability.md "HTTP faults", H1): honour a
 * server's `Retry-After` in both of its forms, never shortened, and otherwise back off
 * exponentially with jitter up to a cap.
 */

/** How a client waits between attempts; tests shrink these. */
export interface Backoff {
  /** First wait without a server hint. @default 1000 */
  baseMs: number;
  /** Longest wait without a server hint (a server's `Retry-After` is never capped). */
  capMs: number;
  /** Source of jitter in [0, 1). @default Math.random */
  random?: () => number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1000, capMs: 60_000 };

/**
 * Milliseconds to wait from a `Retry-After` value: delta-seconds (`120`) or an HTTP-date
 * (`Fri, 31 Dec 1999 23:59:59 GMT`, 0 once past). Anything else is undefined, never NaN, so a
 * malformed header falls back to backoff instead of a hot loop.
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now = Date.now(),
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** Exponential backoff for attempt 0, 1, 2...: base * 2^n capped, times a jitter in [0.5, 1). */
export function backoffDelay(attempt: number, b: Backoff = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(b.capMs, b.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling * (0.5 + 0.5 * (b.random ?? Math.random)()));
}

/** The server's wait when it gave one, else the backoff for this attempt. */
export function nextDelay(retryAfterMs: number | undefined, attempt: number, b: Backoff): number {
  return retryAfterMs ?? backoffDelay(attempt, b);
}

/** Waits at least `ms`: timers may fire a millisecond early, and a server window is a floor. */
export async function sleep(ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (let left = ms; left > 0; left = until - Date.now()) {
    await new Promise((resolve) => setTimeout(resolve, left));
  }
}

/** Socket-level failures worth another attempt (timeouts, resets, refused connections). */
export function isTransientNetworkError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string') return false;
  return /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|ENOTFOUND|UND_ERR_.*)$/.test(code);
}

/** A non-JSON error body (proxy HTML, plain text) as one short line without markup. */
export function summariseBody(text: string, max = 200): string {
  const flat = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat || '(empty body)';
}
