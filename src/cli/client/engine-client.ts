// The Engine API client: node:http over the daemon's unix socket, /vX.Y prefixes from the /_ping negotiation,
// JSON requests, streamed bodies and hijacked (Upgrade: tcp) connections for attach.
import type { IncomingMessage, ClientRequest } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import { API_VERSION, compareVersions } from '../../api/version.js';
import { ApiError, DaemonUnreachableError, isConnectError } from './api-error.js';
import type { DaemonHost } from './daemon-host.js';
import { quickRequest, QuickConnectError, type QuickResponse } from './quick-http.js';

export type QueryValue = string | number | boolean | undefined | null | string[];

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** A JSON body. */
  body?: unknown;
  /** A raw body streamed from here (a tar archive). */
  input?: Readable;
  contentType?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function encodeQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === false) continue;
    if (Array.isArray(v)) for (const item of v) q.append(k, item);
    else q.append(k, v === true ? '1' : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Docker's `filters=` JSON: {"label":{"a=b":true}}. */
export function encodeFilters(filters: string[]): string | undefined {
  if (filters.length === 0) return undefined;
  const out: Record<string, Record<string, boolean>> = {};
  for (const f of filters) {
    const eq = f.indexOf('=');
    const key = (eq < 0 ? f : f.slice(0, eq)).trim().toLowerCase();
    (out[key] ??= {})[eq < 0 ? '' : f.slice(eq + 1)] = true;
  }
  return JSON.stringify(out);
}

async function readAll(res: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const CONNECTED = new WeakSet<ClientRequest>();

// node:http costs ~30 ms to load here (a third of a `berth version`): it is loaded for streams, uploads and
// hijacks only; /_ping and buffered JSON calls go through quick-http.ts (node:net).
let http: typeof import('node:http') | undefined;
const loadHttp = async () => (http ??= await import('node:http'));

export class EngineClient {
  readonly host: DaemonHost;
  #version: Promise<string> | undefined;

  constructor(host: DaemonHost) {
    this.host = host;
  }

  /** The API version both sides speak: min(daemon's, ours), asked once per process. */
  apiVersion(): Promise<string> {
    this.#version ??= this.#quickRaw('HEAD', '/_ping', {}).then((res) => {
      const v = res.headers['api-version'];
      if (typeof v !== 'string' || !/^\d+\.\d+$/.test(v)) return API_VERSION;
      return compareVersions(v, API_VERSION) < 0 ? v : API_VERSION;
    });
    return this.#version;
  }

  /** Sends a request; resolves with the response when its status is below 400, else throws ApiError. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<IncomingMessage> {
    const version = await this.apiVersion();
    const res = await this.#raw(method, `/v${version}${path}${encodeQuery(options.query)}`, options);
    if (res.statusCode! >= 400) throw await toApiError(res);
    return res;
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const text = (await this.#buffered(method, path, options)).toString();
    return (text.trim() === '' ? undefined : JSON.parse(text)) as T;
  }

  /** A request whose answer does not matter beyond its status (204s). Resolves with the status. */
  async call(method: string, path: string, options: RequestOptions = {}): Promise<number> {
    if (!options.input && !options.signal) return (await this.#quick(method, path, options)).statusCode;
    const res = await this.request(method, path, options);
    res.resume();
    await new Promise((r) => res.once('end', r));
    return res.statusCode!;
  }

  /** The whole body of a successful answer: over node:net unless the request streams a body or can be aborted. */
  async #buffered(method: string, path: string, options: RequestOptions): Promise<Buffer> {
    if (!options.input && !options.signal) return (await this.#quick(method, path, options)).body;
    return readAll(await this.request(method, path, options));
  }

  async #quick(method: string, path: string, options: RequestOptions): Promise<QuickResponse> {
    const version = await this.apiVersion();
    const res = await this.#quickRaw(method, `/v${version}${path}${encodeQuery(options.query)}`, options);
    if (res.statusCode >= 400) throw apiError(res.statusCode, res.statusMessage, res.body.toString());
    return res;
  }

  async #quickRaw(method: string, path: string, options: RequestOptions): Promise<QuickResponse> {
    const headers: Record<string, string> = { 'User-Agent': 'berth-cli', ...options.headers };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await quickRequest(this.host.socketPath, method, path, headers, options.body === undefined ? undefined : JSON.stringify(options.body));
    } catch (err) {
      if (!(err instanceof QuickConnectError)) throw err;
      throw isConnectError(err.cause) ? new DaemonUnreachableError(this.host.url, err.cause) : err.cause;
    }
  }

  /** POST with `Upgrade: tcp`; resolves with the raw duplex stream once the daemon answers 101. */
  async hijack(path: string, options: RequestOptions = {}): Promise<Duplex> {
    const version = await this.apiVersion();
    await loadHttp();
    const req = this.#send('POST', `/v${version}${path}${encodeQuery(options.query)}`, {
      ...options,
      headers: { ...options.headers, Connection: 'Upgrade', Upgrade: 'tcp' },
    });
    return new Promise<Duplex>((resolve, reject) => {
      req.once('upgrade', (_res, socket, head) => {
        if (head.length > 0) socket.unshift(head);
        resolve(socket);
      });
      req.once('response', (res: IncomingMessage) => {
        if (res.statusCode! >= 400) toApiError(res).then(reject, reject);
        else resolve(res.socket);
      });
      req.once('error', (err) => reject(this.#wrap(err, req)));
      // exec start sends its options as a JSON body on the upgraded request
      req.end(options.body !== undefined ? JSON.stringify(options.body) : undefined);
    });
  }

  #send(method: string, path: string, options: RequestOptions): ClientRequest {
    const headers: Record<string, string> = { 'User-Agent': 'berth-cli', ...options.headers };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    else if (options.input) headers['Content-Type'] = options.contentType ?? 'application/x-tar';
    const req = http!.request({ socketPath: this.host.socketPath, method, path, headers, signal: options.signal });
    req.once('socket', (s) => s.once('connect', () => CONNECTED.add(req)));
    return req;
  }

  #wrap(err: Error, req: ClientRequest): Error {
    // Only failures before the connection is made mean "the daemon is not there".
    return isConnectError(err) && !CONNECTED.has(req) ? new DaemonUnreachableError(this.host.url, err) : err;
  }

  async #raw(method: string, path: string, options: RequestOptions): Promise<IncomingMessage> {
    await loadHttp();
    return new Promise((resolve, reject) => {
      const req = this.#send(method, path, options);
      req.once('response', resolve);
      req.once('error', (err) => reject(this.#wrap(err, req)));
      if (options.body !== undefined) req.end(JSON.stringify(options.body));
      else if (options.input) {
        options.input.once('error', (err) => req.destroy(err));
        options.input.pipe(req);
      } else req.end();
    });
  }
}

async function toApiError(res: IncomingMessage): Promise<ApiError> {
  return apiError(res.statusCode!, res.statusMessage ?? '', (await readAll(res)).toString());
}

function apiError(status: number, statusMessage: string, body: string): ApiError {
  const text = body.trim();
  let message = text;
  try {
    const j = JSON.parse(text) as { message?: unknown };
    if (typeof j.message === 'string') message = j.message;
  } catch {}
  if (!message) message = `${status} ${statusMessage}`.trim();
  return new ApiError(status, message);
}
