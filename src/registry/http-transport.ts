// One HTTP(S) exchange with a registry over node:http/https: keep-alive agents per TLS configuration, redirects
// followed for GET/HEAD (credentials dropped when the host changes), socket errors turned into docker's wording
// (`Get "https://h/v2/": dial tcp h:443: connect: connection refused`). Bodies are streams, never buffered here.
import * as http from 'node:http';
import * as https from 'node:https';
import { createSecureContext } from 'node:tls';
import type { Readable } from 'node:stream';
import { registryUnreachable } from '../errors.js';
import type { TlsMaterial } from './registry-hosts.js';

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: Buffer | Readable;
  tls: TlsMaterial | undefined;
  signal?: AbortSignal;
  /** Socket inactivity limit; a stalled transfer fails after it (and can be resumed). Default 30 s. */
  idleTimeoutMs?: number;
}

const agents = new WeakMap<TlsMaterial, https.Agent>();
const plainAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function agentFor(tls: TlsMaterial | undefined): http.Agent {
  if (!tls) return plainAgent;
  let a = agents.get(tls);
  if (!a) {
    // One secure context per configuration: given `ca` instead, Node builds a new context (parsing every CA) for
    // each connection. Without verification the CA list is not needed at all.
    const secureContext = createSecureContext({ ca: tls.rejectUnauthorized ? tls.ca : undefined, cert: tls.cert, key: tls.key });
    a = new https.Agent({ keepAlive: true, maxSockets: 16, secureContext, rejectUnauthorized: tls.rejectUnauthorized });
    agents.set(tls, a);
  }
  return a;
}

/** Sends the request; resolves with the response (any status). Follows up to 5 redirects for GET and HEAD. */
export async function sendRequest(req: HttpRequest, redirects = 0): Promise<http.IncomingMessage> {
  const res = await once(req);
  const location = res.headers.location;
  if ((req.method === 'GET' || req.method === 'HEAD') && [301, 302, 303, 307, 308].includes(res.statusCode ?? 0) && location && redirects < 5) {
    res.resume();
    const next = new URL(location, req.url);
    const from = new URL(req.url);
    const headers = { ...req.headers };
    if (next.host !== from.host) delete headers.Authorization;
    return sendRequest({ ...req, url: next.toString(), headers, tls: next.protocol === 'https:' ? (req.tls ?? { rejectUnauthorized: true }) : undefined }, redirects + 1);
  }
  return res;
}

function once(req: HttpRequest): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const url = new URL(req.url);
    const mod = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string | number> = { 'User-Agent': 'berth', ...req.headers };
    if (Buffer.isBuffer(req.body)) headers['Content-Length'] = req.body.length;
    const r = mod.request(url, { method: req.method, headers, agent: agentFor(url.protocol === 'https:' ? req.tls : undefined), signal: req.signal });
    r.setTimeout(req.idleTimeoutMs ?? 30_000, () => r.destroy(Object.assign(new Error('i/o timeout'), { code: 'ETIMEDOUT' })));
    r.once('response', resolve);
    r.once('error', (err: NodeJS.ErrnoException) => {
      if (err.name === 'AbortError') reject(err);
      else reject(registryUnreachable(req.method, req.url, describeSocketError(err, url), { cause: err }));
    });
    if (req.body === undefined) r.end();
    else if (Buffer.isBuffer(req.body)) r.end(req.body);
    else {
      req.body.once('error', (err) => r.destroy(err));
      req.body.pipe(r);
    }
  });
}

export function describeSocketError(err: NodeJS.ErrnoException, url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const addr = `${url.hostname}:${port}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${addr}: connect: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return `dial tcp: lookup ${url.hostname}: no such host`;
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return `dial tcp ${addr}: connect: network is unreachable`;
    case 'ETIMEDOUT':
      return `dial tcp ${addr}: i/o timeout`;
    case 'ECONNRESET':
      return `read tcp ${addr}: connection reset by peer`;
    default:
      if (err.code?.startsWith('ERR_SSL') || err.code?.includes('CERT') || /certificate|SSL|TLS/i.test(err.message)) {
        return `tls: ${err.message}`;
      }
      return err.message;
  }
}

/** Reads a (small) response body into memory, refusing more than `limit` bytes. */
export async function readBody(res: http.IncomingMessage, limit = 8 << 20): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of res) {
    n += (c as Buffer).length;
    if (n > limit) {
      res.destroy();
      throw new Error(`response body larger than ${limit} bytes`);
    }
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The registry's error text (`{"errors":[{"code":"…","message":"…"}]}`), or the status line. */
export function errorText(status: number, body: Buffer): { code: string | undefined; message: string } {
  try {
    const doc = JSON.parse(body.toString('utf8')) as { errors?: Array<{ code?: string; message?: string; detail?: unknown }> };
    const e = doc.errors?.[0];
    if (e) return { code: e.code, message: `${(e.code ?? '').toLowerCase().replace(/_/g, ' ')}: ${e.message ?? ''}`.replace(/^: /, '') };
  } catch {
    // not JSON
  }
  return { code: undefined, message: `${status} ${http.STATUS_CODES[status] ?? ''}`.trim() };
}
