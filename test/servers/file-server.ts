import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server misbehaves, per file path. */
export interface FileBehaviour {
  body: Buffer;
  etag?: string;
  lastModified?: string;
  /** Ignore `Range` and always send the whole file with 200. */
  ignoreRange?: boolean;
  /** Send this many bytes of the first full or partial reply, then destroy the socket. */
  dropAfter?: number;
  /** Answer the first request with 429 and this `Retry-After` (seconds). */
  throttleOnce?: number;
  /** Header the request must carry (`name: value`), else 403. */
  requireHeader?: [string, string];
}

export interface ServedRequest {
  path: string;
  status: number;
  range?: string;
  ifRange?: string;
  ifNoneMatch?: string;
  at: number;
}

export interface FileServer {
  base: string;
  requests: ServedRequest[];
  /** Replaces a file's content (and its ETag when given). */
  set(path: string, f: FileBehaviour): void;
  close(): Promise<void>;
}

/**
 * A static file server on 127.0.0.1 for download tests: `Range`/`If-Range`, `ETag`,
 * `If-None-Match`, and faults on demand (dropped connection, ignored range, a 429 once).
 */
export async function startFileServer(files: Record<string, FileBehaviour>): Promise<FileServer> {
  const served = new Map(Object.entries(files));
  const requests: ServedRequest[] = [];
  const dropped = new Set<string>();
  const throttled = new Set<string>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const f = served.get(path);
    const status = reply(req, res, path, f, { dropped, throttled });
    requests.push({
      path,
      status,
      range: req.headers.range,
      ifRange: req.headers['if-range'] as string | undefined,
      ifNoneMatch: req.headers['if-none-match'],
      at: Date.now(),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    set: (path, f) => served.set(path, f),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Once {
  dropped: Set<string>;
  throttled: Set<string>;
}

function reply(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  f: FileBehaviour | undefined,
  once: Once,
): number {
  if (!f) return end(res, 404, 'not found');
  if (f.requireHeader && req.headers[f.requireHeader[0]] !== f.requireHeader[1]) {
    return end(res, 403, 'missing key');
  }
  if (f.throttleOnce !== undefined && !once.throttled.has(path)) {
    once.throttled.add(path);
    res.setHeader('retry-after', String(f.throttleOnce));
    return end(res, 429, '<html><body>Too Many Requests</body></html>');
  }
  if (f.etag) res.setHeader('etag', f.etag);
  if (f.lastModified) res.setHeader('last-modified', f.lastModified);
  if (f.etag && req.headers['if-none-match'] === f.etag) return end(res, 304, '');
  const start = rangeStart(req, f);
  if (start !== null && start >= f.body.length) {
    res.setHeader('content-range', `bytes */${f.body.length}`);
    return end(res, 416, '');
  }
  const from = start ?? 0;
  const status = start === null ? 200 : 206;
  if (status === 206) {
    res.setHeader('content-range', `bytes ${from}-${f.body.length - 1}/${f.body.length}`);
  }
  res.writeHead(status, { 'content-length': String(f.body.length - from) });
  const chunk = f.body.subarray(from);
  if (f.dropAfter !== undefined && !once.dropped.has(path)) {
    once.dropped.add(path);
    res.write(chunk.subarray(0, f.dropAfter), () => setTimeout(() => res.destroy(), 20));
    return status;
  }
  res.end(chunk);
  return status;
}

/** The range start to honour, or null for a full reply (no Range, stale If-Range, ignored). */
function rangeStart(req: IncomingMessage, f: FileBehaviour): number | null {
  const m = req.headers.range?.match(/^bytes=(\d+)-$/);
  if (!m || f.ignoreRange) return null;
  const ifRange = req.headers['if-range'];
  if (ifRange !== undefined && ifRange !== f.etag && ifRange !== f.lastModified) return null;
  return Number(m[1]);
}

function end(res: ServerResponse, status: number, body: string): number {
  res.writeHead(status, { 'content-type': 'text/html' });
  res.end(body);
  return status;
}
