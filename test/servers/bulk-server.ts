import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify, type KeyLike } from 'jose';

/** A reply the server gives instead of the normal one. `retryAfter` adds the header. */
export interface Fault {
  status: number;
  body?: string;
  retryAfter?: 'seconds' | 'date';
  /** Keep giving this fault instead of consuming it. */
  always?: boolean;
}

export interface BulkServerOptions {
  /** NDJSON text per resource type; one output file each. */
  files: Record<string, string>;
  /** OperationOutcome NDJSON for the manifest's `error[]`. */
  errors?: string;
  /** In-progress 202 replies before the manifest. @default 1 */
  polls?: number;
  /** How in-progress replies carry Retry-After. @default 'seconds' */
  retryAfter?: 'seconds' | 'date' | 'none';
  kickoffFaults?: Fault[];
  statusFaults?: Fault[];
  fileFaults?: Record<string, Fault[]>;
  /** Require a bearer token from the token endpoint everywhere; verify assertions with it. */
  auth?: { clientId: string; publicKey: KeyLike };
  /** Raw manifest body to send instead of the generated one. */
  manifest?: string;
}

export interface Recorded {
  method: string;
  path: string;
  at: number;
  status: number;
  authorization?: string;
  /** Earliest time the server allowed the next request (Retry-After), if it set one. */
  notBefore?: number;
}

export interface BulkServer {
  base: string;
  requests: Recorded[];
  kickoffs: number;
  close(): Promise<void>;
}

const FHIR_JSON = { 'content-type': 'application/fhir+json' };

export function outcome(code: string, diagnostics: string): string {
  const issue = [{ severity: 'error', code, diagnostics }];
  return JSON.stringify({ resourceType: 'OperationOutcome', issue });
}

/**
 * A Bulk Data server on 127.0.0.1 following the IG's async flow, with faults injected per test
 * and every request recorded (with its Retry-After window) for timing assertions.
 */
export async function startBulkServer(opts: BulkServerOptions): Promise<BulkServer> {
  const state = { polls: 0, tokens: new Set<string>(), jtis: new Set<string>(), kickoffs: 0 };
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const rec: Recorded = {
      method: req.method ?? '',
      path: req.url ?? '',
      at: Date.now(),
      status: 0,
    };
    requests.push(rec);
    const auth = req.headers.authorization;
    if (auth) rec.authorization = auth;
    void route(req, res, rec).catch((err: Error) => send(res, rec, 500, err.message));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;

  async function route(req: IncomingMessage, res: ServerResponse, rec: Recorded): Promise<void> {
    const path = new URL(req.url ?? '/', base).pathname;
    if (path === '/fhir/.well-known/smart-configuration') {
      return send(res, rec, 200, JSON.stringify({ token_endpoint: `${base}/token` }));
    }
    if (path === '/fhir/token') return token(req, res, rec);
    if (opts.auth && !state.tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) {
      return send(res, rec, 401, outcome('login', 'no valid token'), FHIR_JSON);
    }
    if (path.endsWith('/$export')) return kickoff(req, res, rec);
    if (path === '/fhir/status/1') return status(res, rec);
    const file = /^\/fhir\/files\/(\w+)\.ndjson$/.exec(path)?.[1];
    if (file) return download(file, res, rec);
    send(res, rec, 404, outcome('not-found', 'no such path'), FHIR_JSON);
  }

  function kickoff(req: IncomingMessage, res: ServerResponse, rec: Recorded): void {
    if (fault(opts.kickoffFaults, res, rec)) return;
    if (req.headers.prefer !== 'respond-async') {
      return send(res, rec, 400, outcome('invalid', 'Prefer: respond-async required'), FHIR_JSON);
    }
    state.kickoffs++;
    send(res, rec, 202, '', { 'content-location': `${base}/status/1` });
  }

  function status(res: ServerResponse, rec: Recorded): void {
    if (fault(opts.statusFaults, res, rec)) return;
    if (state.polls < (opts.polls ?? 1)) {
      state.polls++;
      const headers = { 'x-progress': `${state.polls * 10}% done` };
      const form = opts.retryAfter ?? 'seconds';
      if (form !== 'none') Object.assign(headers, retryAfter(form, rec));
      return send(res, rec, 202, '', headers);
    }
    send(res, rec, 200, opts.manifest ?? manifest(), { 'content-type': 'application/json' });
  }

  function download(name: string, res: ServerResponse, rec: Recorded): void {
    if (fault(opts.fileFaults?.[name], res, rec)) return;
    const text = name === 'errors' ? opts.errors : opts.files[name];
    if (text === undefined) return send(res, rec, 404, outcome('not-found', 'gone'), FHIR_JSON);
    send(res, rec, 200, text, { 'content-type': 'application/fhir+ndjson' });
  }

  function manifest(): string {
    const output = Object.entries(opts.files).map(([type, text]) => ({
      type,
      url: `${base}/files/${type}.ndjson`,
      count: text.split('\n').filter((l) => l.trim()).length,
    }));
    const error = opts.errors
      ? [{ type: 'OperationOutcome', url: `${base}/files/errors.ndjson`, count: 1 }]
      : [];
    return JSON.stringify({
      transactionTime: '2026-03-01T04:00:00Z',
      request: `${base}/$export`,
      requiresAccessToken: Boolean(opts.auth),
      output,
      error,
    });
  }

  async function token(req: IncomingMessage, res: ServerResponse, rec: Recorded): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    const denied = (why: string) =>
      send(res, rec, 401, JSON.stringify({ error: 'invalid_client', error_description: why }));
    if (!opts.auth) return denied('no client registered');
    if (form.get('grant_type') !== 'client_credentials') return denied('grant_type');
    const type = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
    if (form.get('client_assertion_type') !== type) return denied('client_assertion_type');
    try {
      const { payload } = await jwtVerify(form.get('client_assertion') ?? '', opts.auth.publicKey, {
        issuer: opts.auth.clientId,
        subject: opts.auth.clientId,
        audience: `${base}/token`,
        algorithms: ['RS384', 'ES384'],
      });
      const life = (payload.exp ?? 0) - Math.floor(Date.now() / 1000);
      if (life > 300 || !payload.jti || state.jtis.has(payload.jti)) return denied('claims');
      state.jtis.add(payload.jti);
    } catch {
      return denied('signature');
    }
    const access = `tok-${state.tokens.size + 1}`;
    state.tokens.add(access);
    const scope = form.get('scope');
    send(
      res,
      rec,
      200,
      JSON.stringify({ access_token: access, token_type: 'bearer', expires_in: 300, scope }),
    );
  }

  return {
    base,
    requests,
    get kickoffs() {
      return state.kickoffs;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Serves the next fault of the list, if any; returns whether it did. */
function fault(list: Fault[] | undefined, res: ServerResponse, rec: Recorded): boolean {
  const f = list?.[0];
  if (!f) return false;
  if (!f.always) list.shift();
  const headers = f.retryAfter ? retryAfter(f.retryAfter, rec) : {};
  send(res, rec, f.status, f.body ?? '', headers);
  return true;
}

/** 1 s as delta-seconds, or an HTTP-date 1-2 s ahead (whole seconds, as HTTP-dates are). */
function retryAfter(form: 'seconds' | 'date', rec: Recorded): Record<string, string> {
  if (form === 'seconds') {
    rec.notBefore = rec.at + 1000;
    return { 'retry-after': '1' };
  }
  const at = Math.ceil((Date.now() + 1000) / 1000) * 1000;
  rec.notBefore = at;
  return { 'retry-after': new Date(at).toUTCString() };
}

function send(
  res: ServerResponse,
  rec: Recorded,
  status: number,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): void {
  rec.status = status;
  res.writeHead(status, headers);
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
