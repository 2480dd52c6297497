import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { SignJWT } from 'jose';
import { request } from 'undici';
import { CredkitError, ExitCode, usageError } from '../../errors.js';
import { isObject, str } from '../fhir/elements.js';
import { summariseBody } from '../http/retry.js';

/** Supplies the bearer token of a request; `invalidate` after a 401 forces a new one. */
export interface TokenSource {
  bearer(): Promise<string>;
  invalidate(): void;
}

export interface SmartAuthOptions {
  base: string;
  clientId: string;
  privateKeyPath: string;
  /** `kid` header of the client assertion (the key's id in the client's JWKS). */
  kid?: string;
  /** @default from `[base]/.well-known/smart-configuration` */
  tokenUrl?: string;
  /** @default 'system/*.read' */
  scope?: string;
}

/** A token is renewed this long before the server says it expires. */
const EARLY_RENEWAL_MS = 30_000;
/** Assertions live 5 minutes at most (SMART Backend Services). */
const ASSERTION_TTL_S = 300;
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * SMART Backend Services: a client-credentials grant with a signed JWT assertion (RS384 for
 * RSA keys, ES384 for EC keys). The key is read once and lives only in this object: it never
 * reaches a message, a log or the state file.
 */
export class SmartAuth implements TokenSource {
  private key: { object: KeyObject; alg: 'RS384' | 'ES384' } | undefined;
  private tokenUrl: string | undefined;
  private token: { value: string; expiresAt: number } | undefined;

  constructor(private readonly opts: SmartAuthOptions) {
    this.tokenUrl = opts.tokenUrl;
  }

  async bearer(): Promise<string> {
    if (this.token && Date.now() < this.token.expiresAt - EARLY_RENEWAL_MS) return this.token.value;
    this.token = await this.requestToken();
    return this.token.value;
  }

  invalidate(): void {
    this.token = undefined;
  }

  private async requestToken(): Promise<{ value: string; expiresAt: number }> {
    const key = (this.key ??= await loadKey(this.opts.privateKeyPath));
    const tokenUrl = (this.tokenUrl ??= await discoverTokenUrl(this.opts.base));
    const assertion = await signAssertion(key, this.opts.clientId, tokenUrl, this.opts.kid);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: this.opts.scope ?? 'system/*.read',
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: assertion,
    });
    const res = await request(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    const text = await res.body.text();
    const body = parseJson(text);
    const value = isObject(body) ? str(body.access_token) : undefined;
    if (res.statusCode !== 200 || !value) {
      const reason = isObject(body) ? (str(body.error_description) ?? str(body.error)) : undefined;
      const detail = reason ?? summariseBody(text);
      throw new CredkitError(
        'E_AUTH_TOKEN',
        `token request refused (HTTP ${res.statusCode}): ${detail}`,
        {
          suggestion: 'Check --client-id, --kid and that the server has the public key.',
        },
      );
    }
    const ttl = isObject(body) && typeof body.expires_in === 'number' ? body.expires_in : 300;
    return { value, expiresAt: Date.now() + ttl * 1000 };
  }
}

/** Reads a PEM private key; errors name the flag and the failure, never the key. */
export async function loadKey(
  path: string,
): Promise<{ object: KeyObject; alg: 'RS384' | 'ES384' }> {
  const pem = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw usageError('E_AUTH_KEY', `cannot read the --private-key file (${err.code ?? 'error'})`);
  });
  let object: KeyObject;
  try {
    object = createPrivateKey(pem);
  } catch {
    throw usageError('E_AUTH_KEY', 'the --private-key file is not a PEM private key');
  }
  const type = object.asymmetricKeyType;
  if (type === 'rsa') return { object, alg: 'RS384' };
  if (type === 'ec' && object.asymmetricKeyDetails?.namedCurve === 'secp384r1') {
    return { object, alg: 'ES384' };
  }
  throw usageError(
    'E_AUTH_KEY',
    `--private-key must be RSA (RS384) or EC P-384 (ES384), got ${type}`,
  );
}

async function signAssertion(
  key: { object: KeyObject; alg: 'RS384' | 'ES384' },
  clientId: string,
  tokenUrl: string,
  kid: string | undefined,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: key.alg, typ: 'JWT', ...(kid ? { kid } : {}) })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + ASSERTION_TTL_S)
    .setJti(randomUUID())
    .sign(key.object);
}

/** The `token_endpoint` of `[base]/.well-known/smart-configuration`. */
export async function discoverTokenUrl(base: string): Promise<string> {
  const url = `${base.replace(/\/+$/, '')}/.well-known/smart-configuration`;
  const res = await request(url, { headers: { accept: 'application/json' } }).catch(
    () => undefined,
  );
  const body = res ? parseJson(await res.body.text()) : undefined;
  const endpoint = isObject(body) ? str(body.token_endpoint) : undefined;
  if (!res || res.statusCode !== 200 || !endpoint) {
    const message = 'no token_endpoint in .well-known/smart-configuration';
    throw new CredkitError('E_AUTH_DISCOVERY', message, {
      exit: ExitCode.usage,
      suggestion: 'Give the token endpoint with --token-url.',
    });
  }
  return new URL(endpoint, url).toString();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
