import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A reply given instead of the normal one: an HTTP status with a body (and a `Retry-After` in
 * seconds or as an HTTP-date), a slow answer, or a dropped connection.
 */
export type Fault =
  | { status: number; body?: string; type?: string; retryAfter?: 'seconds' | 'date'; wait?: number }
  | { delayMs: number }
  | { reset: true };

export interface Reply {
  status: number;
  body: string;
  type?: string;
}

export interface Served {
  at: number;
  path: string;
  params: Record<string, string>;
  apiKey?: string;
  status: number;
  /** Earliest time the server allowed the next request (its Retry-After), if it set one. */
  notBefore?: number;
}

export interface FaultServer {
  base: string;
  requests: Served[];
  /** Faults given to the next requests, first in first out. */
  faults: Fault[];
  /** A fault chosen per request (chaos runs); consulted when `faults` is empty. */
  chaos?: (n: number) => Fault | undefined;
  /** Called with the running request count as each request arrives. */
  onRequest?: (count: number) => void;
  close(): Promise<void>;
}

/** A JSON API on 127.0.0.1, port 0, answering with `answer` unless a fault is injected. */
export async function startFaultServer(
  answer: (url: URL, req: IncomingMessage) => Reply,
): Promise<FaultServer> {
  const state: FaultServer = { base: '', requests: [], faults: [], close: async () => {} };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rec: Served = {
      at: Date.now(),
      path: url.pathname,
      params: Object.fromEntries(url.searchParams),
      status: 0,
    };
    const key = req.headers['x-api-key'];
    if (typeof key === 'string') rec.apiKey = key;
    state.requests.push(rec);
    state.onRequest?.(state.requests.length);
    const fault = state.faults.shift() ?? state.chaos?.(state.requests.length);
    serve(fault, () => answer(url, req), res, rec);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return state;
}

function serve(
  fault: Fault | undefined,
  normal: () => Reply,
  res: ServerResponse,
  rec: Served,
): void {
  if (fault && 'reset' in fault) {
    res.socket?.destroy();
    return;
  }
  if (fault && 'delayMs' in fault) {
    const timer = setTimeout(() => send(res, rec, normal()), fault.delayMs);
    res.on('close', () => clearTimeout(timer));
    return;
  }
  if (!fault) return send(res, rec, normal());
  const headers: Record<string, string> = {};
  const wait = fault.wait ?? 1;
  if (fault.retryAfter === 'seconds') {
    headers['retry-after'] = String(wait);
    rec.notBefore = rec.at + wait * 1000;
  } else if (fault.retryAfter === 'date') {
    // HTTP-dates have whole seconds: round up so the window is at least `wait` long.
    const at = Math.ceil((rec.at + wait * 1000) / 1000) * 1000;
    headers['retry-after'] = new Date(at).toUTCString();
    rec.notBefore = at;
  }
  send(res, rec, { status: fault.status, body: fault.body ?? '', type: fault.type }, headers);
}

function send(res: ServerResponse, rec: Served, r: Reply, headers: Record<string, string> = {}) {
  if (res.destroyed) return;
  rec.status = r.status;
  res.writeHead(r.status, { 'content-type': r.type ?? 'application/json', ...headers });
  res.end(r.body);
}

export const HTML_502 =
  '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';
