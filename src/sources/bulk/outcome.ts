import { parseRetryAfter, summariseBody } from '../http/retry.js';
import { isObject, list, str } from '../fhir/elements.js';

/** OperationOutcome issue codes the Bulk Data IG reserves for "try again" (export.md). */
export const TRANSIENT_CODES = new Set([
  'transient',
  'lock-error',
  'no-store',
  'exception',
  'timeout',
  'incomplete',
  'throttled',
]);

/** One HTTP exchange as the Bulk client sees it; status 0 is a network failure. */
export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Socket error code when status is 0. */
  error?: string;
}

/**
 * What to do about a reply that is neither progress nor success: `throttled` waits the server's
 * time, `transient` retries with backoff, `final` stops. `detail` is safe to show.
 */
export interface Failure {
  kind: 'throttled' | 'transient' | 'final';
  status: number;
  detail: string;
  retryAfterMs?: number;
}

/**
 * Classifies by the body, not the Content-Type (B21): an OperationOutcome decides by its issue
 * codes; any other body (HTML from a proxy, text, empty) is a transient infrastructure fault,
 * summarised. 429 is throttling; 401/403 and 404/410 are final whatever the body says.
 */
export function classifyReply(r: Reply, now = Date.now()): Failure {
  const retryAfterMs = parseRetryAfter(r.headers['retry-after'], now);
  const base = { status: r.status, retryAfterMs };
  if (r.status === 0) return { ...base, kind: 'transient', detail: r.error ?? 'network error' };
  if (r.status === 429) return { ...base, kind: 'throttled', detail: 'too many requests' };
  const outcome = operationOutcome(r.text);
  if (r.status === 401 || r.status === 403) {
    const detail = outcome?.detail ?? 'not authorised: check --client-id, the key and --scope';
    return { ...base, kind: 'final', detail };
  }
  if (r.status === 404 || r.status === 410) {
    return { ...base, kind: 'final', detail: outcome?.detail ?? 'not found or expired' };
  }
  if (outcome)
    return { ...base, kind: outcome.transient ? 'transient' : 'final', detail: outcome.detail };
  return { ...base, kind: 'transient', detail: summariseBody(r.text) };
}

interface OutcomeSummary {
  transient: boolean;
  detail: string;
}

/** The OperationOutcome in a body, if it is one: transient when every error's code is. */
export function operationOutcome(text: string): OutcomeSummary | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(body) || body.resourceType !== 'OperationOutcome') return undefined;
  const issues = list(body.issue);
  const errors = issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
  const deciding = errors.length ? errors : issues;
  const codes = deciding.map((i) => String(i.code));
  const transient = codes.length > 0 && codes.every((c) => TRANSIENT_CODES.has(c));
  const texts = deciding.map(issueText).filter(Boolean);
  const detail = summariseBody(texts.join('; ') || `OperationOutcome ${codes.join(', ')}`, 300);
  return { transient, detail };
}

function issueText(issue: Record<string, unknown>): string | undefined {
  const details = isObject(issue.details) ? str(issue.details.text) : undefined;
  const text = str(issue.diagnostics) ?? details;
  return text ? `${String(issue.code)}: ${text}` : undefined;
}
