// A session with one repository on a registry (the Distribution API v2): ping and authorise once, then resolve
// manifests, stream blobs (resumable), check/mount/upload blobs and put manifests. Returns bytes and streams; it
// never touches local storage (the engine joins the two).
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { Authorizer, AuthRefused, type RegistryCredentials } from './auth.js';
import { sendRequest, readBody, errorText, type HttpRequest } from './http-transport.js';
import type { Endpoint, RegistryHosts } from './registry-hosts.js';
import { ResumableBlobStream } from './resumable-blob-stream.js';
import { MANIFEST_ACCEPT } from './manifest.js';
import { BerthError, registryError, registryUnauthorized, manifestUnknown, digestMismatch, findBerthError } from '../errors.js';
import { sha256 } from '../common/digest.js';

export interface RemoteRepositoryOptions {
  hosts: RegistryHosts;
  /** Registry domain as in the reference (`docker.io`, `127.0.0.1:5000`). */
  domain: string;
  /** Repository path (`library/busybox`). */
  path: string;
  /** Familiar repository name for messages (`busybox`). */
  displayName: string;
  credentials: RegistryCredentials | undefined;
  purpose: 'pull' | 'push';
  /** Other repositories to read from (cross-repository mounts). */
  mountFrom?: string[];
  /** Try only the endpoints after this one (a mirror that lacked the image: on to the next, then the registry). */
  after?: Endpoint;
  signal?: AbortSignal;
}

export interface FetchedManifest {
  digest: string;
  mediaType: string | undefined;
  bytes: Buffer;
}

interface RequestInit {
  headers?: Record<string, string>;
  body?: Buffer | Readable;
  /** Absolute URL (upload locations) instead of a path under the endpoint. */
  url?: string;
}

export class RemoteRepository {
  #endpoint!: Endpoint;
  #auth!: Authorizer;

  private constructor(readonly options: RemoteRepositoryOptions) {}

  /** Finds the first endpoint that answers `/v2/` and authorises the session's scopes there. */
  static async open(options: RemoteRepositoryOptions): Promise<RemoteRepository> {
    const repo = new RemoteRepository(options);
    let endpoints = await options.hosts.endpoints(options.domain, options.purpose);
    if (options.after) endpoints = endpoints.slice(endpoints.findIndex((e) => e.base === options.after!.base) + 1);
    const actions = options.purpose === 'push' ? 'pull,push' : 'pull';
    const scopes = [`repository:${options.path}:${actions}`, ...(options.mountFrom ?? []).map((p) => `repository:${p}:pull`)];
    let lastError: unknown;
    for (const ep of endpoints) {
      try {
        repo.#endpoint = ep;
        repo.#auth = new Authorizer({ credentials: options.credentials, scopes, tls: ep.tls, signal: options.signal });
        await repo.#ping();
        options.hosts.remember(ep);
        return repo;
      } catch (err) {
        lastError = err;
        if ((err as Error).name === 'AbortError' || err instanceof AuthRefused || findBerthError(err)?.code === 'ERR_REGISTRY_UNAUTHORIZED') break;
      }
    }
    throw lastError;
  }

  get endpoint(): Endpoint {
    return this.#endpoint;
  }

  /** `GET /v2/`: reachable; answers a challenge once so later requests carry credentials. */
  async #ping(): Promise<void> {
    const url = `${this.#endpoint.base}/v2/`;
    let res = await sendRequest({ method: 'GET', url, tls: this.#endpoint.tls, signal: this.options.signal, idleTimeoutMs: 15_000 });
    let body = await readBody(res, 1 << 20);
    if (res.statusCode === 401) {
      await this.#auth.onUnauthorized(res.headers['www-authenticate']);
      if (this.#auth.scheme === 'basic') {
        res = await sendRequest({ method: 'GET', url, headers: await this.#auth.headers(), tls: this.#endpoint.tls, signal: this.options.signal });
        body = await readBody(res, 1 << 20);
        if (res.statusCode === 401) throw this.#unauthorized(errorText(401, body).message);
      }
      return;
    }
    if ((res.statusCode ?? 0) >= 500) throw registryError(res.statusCode!, `${url}: ${errorText(res.statusCode!, body).message}`);
  }

  #unauthorized(detail: string): BerthError {
    return registryUnauthorized(this.options.displayName, detail, this.options.purpose);
  }

  /** Sends with credentials; on 401 answers the challenge and tries once more (bodies that are buffers only). */
  async #request(method: HttpRequest['method'], pathOrUrl: string, init: RequestInit = {}): Promise<IncomingMessage> {
    const url = init.url ?? `${this.#endpoint.base}/v2/${this.options.path}/${pathOrUrl}`;
    const send = async () =>
      sendRequest({ method, url, headers: { ...init.headers, ...(await this.#auth.headers()) }, body: init.body, tls: this.#endpoint.tls, signal: this.options.signal });
    let res: IncomingMessage;
    try {
      res = await send();
    } catch (err) {
      if (err instanceof AuthRefused) throw this.#unauthorized(err.detail);
      throw err;
    }
    if (res.statusCode === 401 && (init.body === undefined || Buffer.isBuffer(init.body))) {
      const challenge = res.headers['www-authenticate'];
      res.resume();
      try {
        if (await this.#auth.onUnauthorized(challenge)) res = await send();
      } catch (err) {
        if (err instanceof AuthRefused) throw this.#unauthorized(err.detail);
        throw err;
      }
    }
    if (res.statusCode === 401 || res.statusCode === 403) {
      const body = await readBody(res, 1 << 20).catch(() => Buffer.alloc(0));
      throw this.#unauthorized(errorText(res.statusCode, body).message || 'requested access to the resource is denied');
    }
    return res;
  }

  async #fail(res: IncomingMessage, what: string): Promise<Error> {
    const body = await readBody(res, 1 << 20).catch(() => Buffer.alloc(0));
    const { message } = errorText(res.statusCode ?? 0, body);
    return registryError(res.statusCode ?? 0, `${what}: ${message}`);
  }

  /** Fetches a manifest by tag or digest. A digest reference is verified against the bytes. */
  async fetchManifest(reference: string, displayRef: string): Promise<FetchedManifest> {
    const res = await this.#request('GET', `manifests/${reference}`, { headers: { Accept: MANIFEST_ACCEPT } });
    if (res.statusCode === 404) {
      res.resume();
      throw manifestUnknown(displayRef);
    }
    if (res.statusCode !== 200) throw await this.#fail(res, `fetching manifest ${displayRef}`);
    const bytes = await readBody(res, 4 << 20);
    const digest = sha256(bytes);
    if (reference.startsWith('sha256:') && digest !== reference) throw digestMismatch(reference, digest);
    const header = res.headers['docker-content-digest'];
    if (!reference.startsWith('sha256:') && typeof header === 'string' && header.startsWith('sha256:') && header !== digest) throw digestMismatch(header, digest);
    return { digest, mediaType: res.headers['content-type'], bytes };
  }

  /** Small blobs (configs) in one read, verified. */
  async fetchSmallBlob(digest: string): Promise<Buffer> {
    const res = await this.#request('GET', `blobs/${digest}`);
    if (res.statusCode !== 200) throw await this.#fail(res, `fetching blob ${digest}`);
    const bytes = await readBody(res, 32 << 20);
    const got = sha256(bytes);
    if (got !== digest) throw digestMismatch(digest, got);
    return bytes;
  }

  /** A blob as a stream that resumes after a dropped connection. The caller verifies the digest. */
  blobStream(digest: string, size: number | undefined, onRetry?: (offset: number, err: Error) => void, urls?: string[]): ResumableBlobStream {
    return new ResumableBlobStream({
      size,
      onRetry,
      open: (offset) => {
        const headers: Record<string, string> = offset > 0 ? { Range: `bytes=${offset}-` } : {};
        if (urls?.length) return sendRequest({ method: 'GET', url: urls[0]!, headers, tls: { rejectUnauthorized: true }, signal: this.options.signal });
        return this.#request('GET', `blobs/${digest}`, { headers });
      },
      failure: (res) => this.#fail(res, `fetching blob ${digest}`),
    });
  }

  async blobExists(digest: string): Promise<boolean> {
    const res = await this.#request('HEAD', `blobs/${digest}`);
    res.resume();
    if (res.statusCode === 200) return true;
    if (res.statusCode === 404) return false;
    throw registryError(res.statusCode ?? 0, `checking blob ${digest}: ${res.statusCode}`);
  }

  /** Cross-repository mount; true when the registry mounted it (201), false when it opened an upload instead. */
  async mountBlob(digest: string, from: string): Promise<boolean> {
    const res = await this.#request('POST', `blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`, { body: Buffer.alloc(0) });
    res.resume();
    if (res.statusCode === 201) return true;
    if (res.statusCode === 202) {
      const loc = res.headers.location;
      if (loc) await this.#request('DELETE', '', { url: new URL(loc, this.#endpoint.base).toString() }).then((r) => r.resume(), () => {});
      return false;
    }
    return false;
  }

  /**
   * Uploads a blob. `chunked`: the body streamed in one PATCH then a closing PUT (docker's way, for layers);
   * otherwise a single monolithic PUT (configs and other small blobs).
   */
  async uploadBlob(digest: string, size: number, body: Buffer | Readable, chunked: boolean): Promise<void> {
    const start = await this.#request('POST', 'blobs/uploads/', { body: Buffer.alloc(0) });
    start.resume();
    if (start.statusCode !== 202 || !start.headers.location) throw await this.#fail(start, `starting upload of ${digest}`);
    let location = new URL(start.headers.location, this.#endpoint.base);
    if (chunked) {
      const patch = await this.#request('PATCH', '', {
        url: location.toString(),
        headers: { 'Content-Type': 'application/octet-stream', ...(size > 0 ? { 'Content-Range': `0-${size - 1}`, 'Content-Length': String(size) } : {}) },
        body,
      });
      patch.resume();
      if (patch.statusCode !== 202 || !patch.headers.location) throw await this.#fail(patch, `uploading ${digest}`);
      location = new URL(patch.headers.location, this.#endpoint.base);
      location.searchParams.set('digest', digest);
      const put = await this.#request('PUT', '', { url: location.toString(), headers: { 'Content-Length': '0' }, body: Buffer.alloc(0) });
      put.resume();
      if (put.statusCode !== 201) throw await this.#fail(put, `completing upload of ${digest}`);
      return;
    }
    location.searchParams.set('digest', digest);
    const put = await this.#request('PUT', '', { url: location.toString(), headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) }, body });
    if (put.statusCode !== 201) throw await this.#fail(put, `uploading ${digest}`);
    put.resume();
  }

  async putManifest(reference: string, mediaType: string, bytes: Buffer): Promise<string> {
    const res = await this.#request('PUT', `manifests/${reference}`, { headers: { 'Content-Type': mediaType }, body: bytes });
    if (res.statusCode !== 201 && res.statusCode !== 200) throw await this.#fail(res, `putting manifest ${reference}`);
    res.resume();
    return sha256(bytes);
  }

  async listTags(): Promise<string[]> {
    const res = await this.#request('GET', 'tags/list');
    if (res.statusCode === 404) {
      res.resume();
      throw manifestUnknown(this.options.displayName);
    }
    if (res.statusCode !== 200) throw await this.#fail(res, 'listing tags');
    const doc = JSON.parse((await readBody(res)).toString('utf8')) as { tags?: string[] | null };
    return doc.tags ?? [];
  }
}

/**
 * Logs in: `GET /v2/` with the credentials (a token for no particular scope when the registry uses tokens). A token
 * service that hands out a refresh token for it makes that the identity token the client keeps instead of the password.
 */
export async function checkLogin(hosts: RegistryHosts, domain: string, credentials: RegistryCredentials, signal?: AbortSignal): Promise<{ identityToken?: string }> {
  const endpoints = await hosts.endpoints(domain, 'login');
  let lastError: unknown;
  for (const ep of endpoints) {
    const auth = new Authorizer({ credentials, scopes: [], tls: ep.tls, offline: true, signal });
    const url = `${ep.base}/v2/`;
    try {
      let res = await sendRequest({ method: 'GET', url, tls: ep.tls, signal });
      res.resume();
      if (res.statusCode === 200) return {};
      if (res.statusCode !== 401) throw registryError(res.statusCode ?? 0, `${url}: ${res.statusCode}`);
      if (!(await auth.onUnauthorized(res.headers['www-authenticate']))) throw new AuthRefused('401 Unauthorized');
      res = await sendRequest({ method: 'GET', url, headers: await auth.headers(), tls: ep.tls, signal });
      const body = await readBody(res, 1 << 20);
      if (res.statusCode === 200) return auth.refreshToken ? { identityToken: auth.refreshToken } : {};
      throw new AuthRefused(errorText(res.statusCode ?? 0, body).message);
    } catch (err) {
      lastError = err;
      if (err instanceof AuthRefused) throw err;
    }
  }
  throw lastError;
}
