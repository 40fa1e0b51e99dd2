// The Engine API server: HTTP/1.1 on unix sockets. Version prefix and range checks, request ids, routing,
// and the one place where errors become responses.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { chmod, chown, rm, mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { Exchange } from './exchange.js';
import { Router } from './router.js';
import { API_VERSION, splitVersion, versionError } from './version.js';
import { errorResponse } from './middleware/errors.js';
import { requestContext, type Logger } from '../log.js';
import { pageNotFound } from '../errors.js';

export interface ApiServerOptions {
  router: Router;
  log: Logger;
}

export class ApiServer {
  readonly #router: Router;
  readonly #log: Logger;
  readonly #servers: Server[] = [];
  readonly #sockets = new Set<Duplex>();

  constructor(options: ApiServerOptions) {
    this.#router = options.router;
    this.#log = options.log;
  }

  /** Listens on a unix socket path: mode 0660, owned by root and `gid` when given. Refuses a live socket. */
  async listenUnix(path: string, gid?: number): Promise<void> {
    await mkdir(dirname(path), { recursive: true, mode: 0o711 });
    if (await socketAnswers(path)) {
      throw new Error(`another daemon is already listening on ${path}`);
    }
    await rm(path, { force: true });
    const server = createServer({ keepAliveTimeout: 30_000, requestTimeout: 0, headersTimeout: 60_000 });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.#dispatch(req, res, undefined));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.#dispatch(req, undefined, { socket, head }));
    server.on('connection', (s: Duplex) => {
      this.#sockets.add(s);
      s.once('close', () => this.#sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    await chmod(path, 0o660);
    if (gid !== undefined) await chown(path, 0, gid);
    this.#servers.push(server);
  }

  /** Stops accepting and closes every open connection (streams and hijacked sessions included). */
  async close(): Promise<void> {
    const closing = this.#servers.map((s) => new Promise<void>((r) => s.close(() => r())));
    for (const s of this.#sockets) s.destroy();
    await Promise.all(closing);
  }

  async #dispatch(req: IncomingMessage, res: ServerResponse | undefined, upgrade: { socket: Duplex; head: Buffer } | undefined) {
    const requestId = randomBytes(6).toString('hex');
    await requestContext.run({ requestId }, async () => {
      const { version, path } = splitVersion(req.url ?? '/');
      const x = new Exchange(req, version ?? API_VERSION, path, res, upgrade);
      const started = performance.now();
      try {
        const tooFar = version !== undefined ? versionError(version) : undefined;
        if (tooFar) {
          x.error(400, tooFar);
          return;
        }
        const m = this.#router.match(x.method, x.path);
        if (m === undefined) throw pageNotFound();
        if (m === 'method') {
          x.error(405, `method ${x.method} not allowed for ${x.path}`);
          return;
        }
        x.params = m.params;
        await m.handler(x);
        if (!x.headersSent) x.noContent();
      } catch (err) {
        this.#fail(x, err);
      } finally {
        this.#log.debug('request', { method: x.method, path: x.path, ms: Math.round(performance.now() - started) });
      }
    });
  }

  #fail(x: Exchange, err: unknown): void {
    const r = errorResponse(err);
    if (r.unexpected) this.#log.error('request failed', { method: x.method, path: x.path, err });
    if (!x.headersSent) {
      x.error(r.status, r.message);
      return;
    }
    // Past the point of no return: the stream handler reports in-band; just make sure the connection ends.
    (x.upgrade?.socket ?? x.res)?.end();
  }
}

function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
