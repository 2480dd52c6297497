import { CredkitError, ExitCode } from '../../errors.js';
import { backoffDelay, parseRetryAfter, sleep } from '../http/retry.js';
import { RetryBudget, type BulkHttp } from './client.js';
import { parseManifest, type BulkManifest } from './manifest.js';
import type { Failure } from './outcome.js';

/** What to export: system level, or one Group with `group`. */
export interface ExportRequest {
  base: string;
  types: readonly string[];
  group?: string;
  /** FHIR instant for `_since`. */
  since?: string;
}

export const ROSTER_TYPES = ['Practitioner', 'PractitionerRole', 'Organization', 'Location'];

/** `[base]/$export` or `[base]/Group/[id]/$export`, with `_type` and `_since`. */
export function kickOffUrl(req: ExportRequest): string {
  const base = req.base.replace(/\/+$/, '');
  const path = req.group ? `/Group/${encodeURIComponent(req.group)}/$export` : '/$export';
  const params = new URLSearchParams();
  if (req.types.length) params.set('_type', req.types.join(','));
  if (req.since) params.set('_since', req.since);
  const query = params.toString().replace(/%2C/g, ',');
  return `${base}${path}${query ? `?${query}` : ''}`;
}

/**
 * Starts an export (`Prefer: respond-async`) and returns the absolute status URL from
 * `Content-Location`. 429 and transient faults are retried; anything else is final.
 */
export async function kickOff(http: BulkHttp, url: string): Promise<string> {
  const budget = new RetryBudget(http, 'export kick-off');
  for (;;) {
    const headers = {
      ...(await http.headers('application/fhir+json', true)),
      prefer: 'respond-async',
    };
    const reply = await http.send('GET', url, headers);
    const location = reply.headers['content-location'];
    if (reply.status === 202 && typeof location === 'string' && location) {
      return new URL(location, url).toString();
    }
    if (reply.status === 202 || (reply.status >= 200 && reply.status < 300)) {
      const message = `kick-off answered HTTP ${reply.status} without a Content-Location`;
      throw new CredkitError('E_BULK_KICKOFF', message, { exit: ExitCode.failure });
    }
    await budget.recover(reply, (f) => finalError('E_BULK_KICKOFF', 'export kick-off refused', f));
  }
}

/**
 * Polls the status URL until the manifest arrives. A 202 is progress: `X-Progress` goes to
 * `onProgress` and the next poll waits the server's `Retry-After` (seconds or HTTP-date, never
 * shortened), else an exponential backoff with jitter. Failures follow `RetryBudget`.
 */
export async function awaitManifest(
  http: BulkHttp,
  statusUrl: string,
  onProgress?: (progress: string) => void,
): Promise<BulkManifest> {
  const budget = new RetryBudget(http, 'export status');
  for (let polls = 0; ;) {
    const reply = await http.send('GET', statusUrl, await http.headers('application/json', true));
    if (reply.status === 200) return parseManifest(reply.text);
    if (reply.status === 202) {
      budget.reset();
      const progress = reply.headers['x-progress'];
      if (typeof progress === 'string') onProgress?.(progress.slice(0, 100));
      const hint = parseRetryAfter(reply.headers['retry-after']);
      await sleep(hint ?? backoffDelay(polls++, http.timing));
      continue;
    }
    await budget.recover(reply, (f) => statusError(f));
  }
}

function statusError(f: Failure): CredkitError {
  if (f.status === 404 || f.status === 410) {
    return new CredkitError(
      'E_BULK_GONE',
      `the export job is gone (HTTP ${f.status}): ${f.detail}`,
      {
        exit: ExitCode.failure,
        suggestion: 'The server cancelled or expired it; run again without --resume.',
      },
    );
  }
  return finalError('E_BULK_FAILED', 'the export failed', f);
}

function finalError(code: string, what: string, f: Failure): CredkitError {
  return new CredkitError(code, `${what} (HTTP ${f.status}): ${f.detail}`, {
    exit: ExitCode.failure,
  });
}
