import { rename } from 'node:fs/promises';
import { basename } from 'node:path';
import { Agent, interceptors, request, type Dispatcher } from 'undici';
import { CredkitError } from '../../errors.js';
import { readTextCapped } from '../http/read-body.js';
import {
  DEFAULT_BACKOFF,
  isTransientNetworkError,
  nextDelay,
  parseRetryAfter,
  sleep,
  summariseBody,
  type Backoff,
} from '../http/retry.js';
import { fileSha256 } from '../../hash.js';
import { removePart, resumePoint, sizeOf, urlHash, writeBody, writeMeta } from './part-file.js';

export interface DownloadRequest {
  url: string;
  /** Where the complete file goes; it appears only once complete and verified. */
  target: string;
  /** Where bytes collect meanwhile (`<workspace>/downloads/<name>.part`). */
  part: string;
  headers?: Record<string, string>;
  /** Expected SHA-256 (hex); a mismatch is E_CHECKSUM and the file is kept as `<target>.bad`. */
  sha256?: string;
  /** Validators of the copy already imported: a 304 reply means nothing to download. */
  known?: { etag?: string | null; lastModified?: string | null };
  /** The URL as it may appear in messages (an API key redacted). @default the URL's path */
  shownUrl?: string;
  /** @default 6 */
  maxAttempts?: number;
  backoff?: Backoff;
  /** Idle time allowed for headers and between body chunks. @default 120000 */
  timeoutMs?: number;
  onProgress?: (bytes: number, total?: number) => void;
}

export interface DownloadResult {
  status: 'downloaded' | 'not-modified';
  /** The complete file (null when not modified). */
  path: string | null;
  sha256: string | null;
  bytes: number;
  etag: string | null;
  lastModified: string | null;
  /** Bytes kept from an earlier, interrupted attempt or run. */
  resumedFrom: number;
  attempts: number;
}

/** Follows a redirect (extract APIs answer with one to their file store). */
const dispatcher: Dispatcher = new Agent().compose(interceptors.redirect({ maxRedirections: 5 }));

/**
 * Downloads `url` resumably: bytes collect in the `.part` file; a later attempt or run asks for
 * the rest (`Range` with `If-Range`), and starts over when the server ignores it (200) or the
 * file changed. 408, 429, 5xx and dropped connections are retried with backoff, a
 * `Retry-After` always honoured. The finished file is hashed, checked and renamed into place.
 */
export async function downloadResumable(req: DownloadRequest): Promise<DownloadResult> {
  const max = req.maxAttempts ?? 6;
  let resumedFrom = -1;
  for (let attempt = 1; ; attempt++) {
    const from = await resumePoint(req.part, req.url);
    if (resumedFrom < 0) resumedFrom = from.bytes;
    let wait: number | undefined;
    try {
      const step = await tryOnce(req, from);
      if (step.kind === 'done') return finish(req, step, resumedFrom, attempt);
      if (step.kind === 'not-modified') return notModified(req, attempt);
      if (step.kind === 'restart' && attempt < max) continue;
      if (step.kind === 'restart') throw failed(req, 'the server kept refusing the range', attempt);
      wait = step.retryAfterMs;
      if (attempt >= max) throw failed(req, step.detail, attempt);
    } catch (err) {
      if (err instanceof CredkitError || !isTransientNetworkError(err)) throw err;
      if (attempt >= max) throw failed(req, String((err as { code: string }).code), attempt);
    }
    await sleep(nextDelay(wait, attempt - 1, req.backoff ?? DEFAULT_BACKOFF));
  }
}

type Step =
  | { kind: 'done'; etag: string | null; lastModified: string | null; total?: number }
  | { kind: 'not-modified' }
  | { kind: 'restart' }
  | { kind: 'retry'; detail: string; retryAfterMs?: number };

async function tryOnce(
  req: DownloadRequest,
  from: { bytes: number; ifRange: string | null },
): Promise<Step> {
  const headers: Record<string, string> = { ...req.headers, ...conditional(req, from) };
  const t = req.timeoutMs ?? 120_000;
  const res = await request(req.url, { headers, dispatcher, headersTimeout: t, bodyTimeout: t });
  const h = res.headers;
  const etag = header(h.etag);
  const lastModified = header(h['last-modified']);
  if (res.statusCode === 304 && from.bytes === 0) {
    await res.body.dump();
    return { kind: 'not-modified' };
  }
  if (res.statusCode === 200 || res.statusCode === 206) {
    const range = res.statusCode === 206 ? contentRange(header(h['content-range'])) : null;
    if (res.statusCode === 206 && range?.start !== from.bytes) {
      await res.body.dump();
      await removePart(req.part);
      return { kind: 'restart' };
    }
    const append = res.statusCode === 206;
    await writeMeta(req.part, { urlSha256: urlHash(req.url), etag, lastModified });
    const total = range?.total ?? lengthOf(header(h['content-length']));
    let got = append ? from.bytes : 0;
    await writeBody(req.part, res.body, append, (n) => req.onProgress?.((got += n), total));
    const size = await sizeOf(req.part);
    if (total !== undefined && size < total) {
      return { kind: 'retry', detail: `connection closed at ${size} of ${total} bytes` };
    }
    return { kind: 'done', etag, lastModified, total };
  }
  if (res.statusCode === 416) {
    await res.body.dump();
    await removePart(req.part);
    return { kind: 'restart' };
  }
  const text = await readTextCapped(res.body, 64 * 1024, req.url).catch(() => '');
  const detail = `HTTP ${res.statusCode}: ${summariseBody(text)}`;
  if (res.statusCode === 408 || res.statusCode === 429 || res.statusCode >= 500) {
    return { kind: 'retry', detail, retryAfterMs: parseRetryAfter(h['retry-after']) };
  }
  throw new CredkitError('E_DOWNLOAD_HTTP', `${shown(req)} answered ${detail}`);
}

function conditional(
  req: DownloadRequest,
  from: { bytes: number; ifRange: string | null },
): Record<string, string> {
  if (from.bytes > 0 && from.ifRange) {
    return { range: `bytes=${from.bytes}-`, 'if-range': from.ifRange };
  }
  const out: Record<string, string> = {};
  if (req.known?.etag) out['if-none-match'] = req.known.etag;
  else if (req.known?.lastModified) out['if-modified-since'] = req.known.lastModified;
  return out;
}

async function finish(
  req: DownloadRequest,
  step: Extract<Step, { kind: 'done' }>,
  resumedFrom: number,
  attempts: number,
): Promise<DownloadResult> {
  const sha256 = await fileSha256(req.part);
  const bytes = await sizeOf(req.part);
  if (req.sha256 && req.sha256.toLowerCase() !== sha256) {
    await rename(req.part, `${req.target}.bad`);
    await removePart(req.part);
    throw new CredkitError(
      'E_CHECKSUM',
      `${basename(req.target)}: SHA-256 ${sha256} differs from the configured ${req.sha256}; ` +
        `kept as ${basename(req.target)}.bad`,
    );
  }
  await rename(req.part, req.target);
  await removePart(req.part);
  const { etag, lastModified } = step;
  return {
    status: 'downloaded',
    path: req.target,
    sha256,
    bytes,
    etag,
    lastModified,
    resumedFrom,
    attempts,
  };
}

function notModified(req: DownloadRequest, attempts: number): DownloadResult {
  const etag = req.known?.etag ?? null;
  const lastModified = req.known?.lastModified ?? null;
  const none = { path: null, sha256: null, bytes: 0, resumedFrom: 0 };
  return { status: 'not-modified', ...none, etag, lastModified, attempts };
}

function failed(req: DownloadRequest, detail: string, attempts: number): CredkitError {
  return new CredkitError(
    'E_DOWNLOAD_FAILED',
    `${shown(req)}: gave up after ${attempts} attempts (${detail}); the partial file is kept ` +
      'and the next sync resumes it',
  );
}

function shown(req: DownloadRequest): string {
  return req.shownUrl ?? new URL(req.url).pathname;
}

function header(v: string | string[] | undefined): string | null {
  return (Array.isArray(v) ? v[0] : v) ?? null;
}

function lengthOf(v: string | null): number | undefined {
  return v && /^\d+$/.test(v) ? Number(v) : undefined;
}

function contentRange(v: string | null): { start: number; total?: number } | null {
  const m = v?.match(/^bytes (\d+)-(\d+)\/(\d+|\*)$/);
  if (!m) return null;
  return { start: Number(m[1]), total: m[3] === '*' ? undefined : Number(m[3]) };
}
