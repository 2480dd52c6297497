import { parseRetryAfter, summariseBody } from './retry.js';

/** One HTTP exchange as the live clients see it; status 0 is a network failure. */
export interface Exchange {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Socket or timeout error code when status is 0 (`ECONNRESET`, `UND_ERR_HEADERS_TIMEOUT`). */
  error?: string;
}

/**
 * What a reply means (reliability.md "HTTP faults"):
 * - `ok`: a JSON answer to use (`json` set);
 * - `invalid`: the server refused the request itself (NPPES 200 + `Errors`, a JSON 4xx); not
 *   retried, never read as "not found";
 * - `transient`: 5xx, network failures and non-JSON bodies (proxy HTML, text); retried;
 * - `throttled`: 429, wait the server's `Retry-After`;
 * - `malformed`: a body that starts like JSON but does not parse; retried once;
 * - `auth`: 401/403, stops the source;
 * - `endpoint-missing` / `record-missing`: 404 without / with a JSON body.
 */
export type ReplyClass =
  | 'ok'
  | 'invalid'
  | 'transient'
  | 'throttled'
  | 'malformed'
  | 'auth'
  | 'endpoint-missing'
  | 'record-missing';

export interface Classified {
  kind: ReplyClass;
  status: number;
  /** Safe to log and store: no query values, no body beyond a 200-character summary. */
  detail: string;
  /** The field the server named as invalid (`invalid` only). */
  field?: string;
  retryAfterMs?: number;
  json?: unknown;
}

/** Classifies by parsing the body, never by `Content-Type` (sources.md 1.3, B21). */
export function classify(r: Exchange, now = Date.now()): Classified {
  const base = { status: r.status, retryAfterMs: parseRetryAfter(r.headers['retry-after'], now) };
  if (r.status === 0) return { ...base, kind: 'transient', detail: r.error ?? 'network error' };
  if (r.status === 429) return { ...base, kind: 'throttled', detail: 'too many requests' };
  const parsed = parseJson(r.text);
  if (r.status === 401 || r.status === 403) {
    const said = parsed.ok ? messageOf(parsed.value) : undefined;
    return { ...base, kind: 'auth', detail: said ?? 'not authorised: check API key / role' };
  }
  if (r.status === 404) {
    if (!parsed.ok) return { ...base, kind: 'endpoint-missing', detail: 'endpoint not found' };
    const said = messageOf(parsed.value) ?? 'no such record';
    return { ...base, kind: 'record-missing', detail: said };
  }
  if (!parsed.ok) return classifyUnparsed(r, base, parsed.looksJson);
  if (r.status >= 500) {
    return { ...base, kind: 'transient', detail: messageOf(parsed.value) ?? `HTTP ${r.status}` };
  }
  const errors = requestErrors(parsed.value);
  if (errors) return { ...base, kind: 'invalid', ...errors };
  if (r.status >= 400) {
    return { ...base, kind: 'invalid', detail: messageOf(parsed.value) ?? `HTTP ${r.status}` };
  }
  if (r.status >= 300) return { ...base, kind: 'transient', detail: `HTTP ${r.status}` };
  return { ...base, kind: 'ok', detail: 'ok', json: parsed.value };
}

function classifyUnparsed(
  r: Exchange,
  base: { status: number; retryAfterMs?: number },
  looksJson: boolean,
): Classified {
  if (looksJson && r.status >= 200 && r.status < 300) {
    return { ...base, kind: 'malformed', detail: 'malformed JSON in response body' };
  }
  return { ...base, kind: 'transient', detail: `HTTP ${r.status}: ${summariseBody(r.text)}` };
}

type Parsed = { ok: true; value: unknown } | { ok: false; looksJson: boolean };

function parseJson(text: string): Parsed {
  const trimmed = text.trim();
  const looksJson = trimmed.startsWith('{') || trimmed.startsWith('[');
  if (!looksJson) return { ok: false, looksJson };
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    return { ok: false, looksJson };
  }
}

/** NPPES reports a bad request as `{"Errors":[{field, number, description}]}` (sources.md 1.3). */
function requestErrors(body: unknown): { detail: string; field?: string } | undefined {
  if (!isRecord(body) || !Array.isArray(body.Errors) || body.Errors.length === 0) return undefined;
  const first = isRecord(body.Errors[0]) ? body.Errors[0] : {};
  const field = typeof first.field === 'string' ? first.field : undefined;
  const parts = body.Errors.filter(isRecord).map(
    (e) => `${String(e.field ?? '?')} (${String(e.number ?? '?')}): ${String(e.description ?? '')}`,
  );
  return { detail: summariseBody(`request invalid: ${parts.join('; ')}`), field };
}

/** SAM/api.data.gov errors carry `message` and `detail` (or `error.message`). */
function messageOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const nested = isRecord(body.error) ? body.error.message : undefined;
  const text = [body.message, body.detail, nested].filter((v) => typeof v === 'string');
  return text.length ? summariseBody(text.join(': ')) : undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
