// Registry authorisation for one repository session: answers a 401's WWW-Authenticate challenge with a Bearer
// token from the realm (anonymous, Basic credentials, or an OAuth refresh token) for the session's scopes, or with
// Basic credentials. Tokens are kept for their lifetime and fetched again when the registry says 401 once more.
import { parseWwwAuthenticate, type Challenge } from './www-authenticate.js';
import { sendRequest, readBody, errorText } from './http-transport.js';
import type { TlsMaterial } from './registry-hosts.js';
import { BerthError } from '../errors.js';

export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** An OAuth refresh token (docker's `identitytoken`). */
  identityToken?: string;
  /** A bearer token handed over as is (docker's `registrytoken`). */
  registryToken?: string;
}

export interface AuthorizerOptions {
  credentials: RegistryCredentials | undefined;
  /** `repository:team/app:pull,push`, … */
  scopes: string[];
  tls: TlsMaterial | undefined;
  /** Ask the token service for an OAuth refresh token too (`offline_token`, as docker login does). */
  offline?: boolean;
  signal?: AbortSignal;
}

/** Raised when the registry or its token service refuses us; `detail` is the registry's own words. */
export class AuthRefused extends BerthError {
  constructor(readonly detail: string) {
    super('unauthorized', 'ERR_REGISTRY_UNAUTHORIZED', detail);
  }
}

export class Authorizer {
  #header: string | undefined;
  #challenge: Challenge | undefined;
  #expires = Infinity;
  /** The refresh token the token service gave for an `offline` session: docker's `identitytoken`. */
  refreshToken: string | undefined;

  constructor(readonly options: AuthorizerOptions) {
    if (options.credentials?.registryToken) this.#header = `Bearer ${options.credentials.registryToken}`;
  }

  /** The Authorization header to send, if any (refreshed first when the token is about to expire). */
  async headers(): Promise<Record<string, string>> {
    if (this.#challenge && Date.now() > this.#expires - 10_000) await this.#authorize(this.#challenge);
    return this.#header ? { Authorization: this.#header } : {};
  }

  get scheme(): string | undefined {
    return this.#challenge?.scheme;
  }

  /** Handles a 401's challenge; false when there is nothing new to try (the caller then reports unauthorized). */
  async onUnauthorized(wwwAuthenticate: string | string[] | undefined): Promise<boolean> {
    const challenges = parseWwwAuthenticate(wwwAuthenticate);
    const pick = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
    if (!pick) return false;
    const before = this.#header;
    await this.#authorize(pick);
    return this.#header !== undefined && (this.#header !== before || pick.scheme === 'bearer');
  }

  async #authorize(ch: Challenge): Promise<void> {
    this.#challenge = ch;
    const c = this.options.credentials;
    if (ch.scheme === 'basic') {
      if (c?.username !== undefined && c.password !== undefined) this.#header = basic(c.username, c.password);
      return;
    }
    if (ch.scheme !== 'bearer') return;
    if (c?.registryToken) return;
    const realm = ch.params.realm;
    if (!realm) throw new AuthRefused('the registry asked for a bearer token without naming a realm');
    const { token, expiresIn } = await this.#fetchToken(realm, ch.params.service, [...new Set([...this.options.scopes, ...(ch.params.scope ? ch.params.scope.split(' ') : [])])]);
    this.#header = `Bearer ${token}`;
    this.#expires = Date.now() + Math.max(60, expiresIn ?? 60) * 1000;
  }

  async #fetchToken(realm: string, service: string | undefined, scopes: string[]): Promise<{ token: string; expiresIn?: number }> {
    const c = this.options.credentials;
    const url = new URL(realm);
    const tls = url.protocol === 'https:' ? (this.options.tls ?? { rejectUnauthorized: true }) : undefined;
    let res;
    if (c?.identityToken) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: c.identityToken, client_id: 'berth' });
      if (service) form.set('service', service);
      if (scopes.length) form.set('scope', scopes.join(' '));
      res = await sendRequest({ method: 'POST', url: url.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: Buffer.from(form.toString()), tls, signal: this.options.signal });
    } else {
      if (service) url.searchParams.set('service', service);
      for (const s of scopes) url.searchParams.append('scope', s);
      if (c?.username) url.searchParams.set('account', c.username);
      if (this.options.offline) {
        url.searchParams.set('offline_token', 'true');
        url.searchParams.set('client_id', 'berth');
      }
      const headers: Record<string, string> = c?.username !== undefined && c.password !== undefined ? { Authorization: basic(c.username, c.password) } : {};
      res = await sendRequest({ method: 'GET', url: url.toString(), headers, tls, signal: this.options.signal });
    }
    const body = await readBody(res, 1 << 20);
    const status = res.statusCode ?? 0;
    if (status === 401 || status === 403) throw new AuthRefused(errorText(status, body).message || 'authentication required');
    if (status !== 200) throw new AuthRefused(`token service answered ${errorText(status, body).message}`);
    let doc: { token?: string; access_token?: string; expires_in?: number; refresh_token?: string };
    try {
      doc = JSON.parse(body.toString('utf8'));
    } catch {
      throw new AuthRefused('token service returned something that is not JSON');
    }
    const token = doc.token ?? doc.access_token;
    if (!token) throw new AuthRefused('token service returned no token');
    if (typeof doc.refresh_token === 'string' && doc.refresh_token) this.refreshToken = doc.refresh_token;
    return { token, expiresIn: doc.expires_in };
  }
}

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
