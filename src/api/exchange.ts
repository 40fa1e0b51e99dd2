// One API request and its response, the same shape whether it arrived as a normal request or as an
// `Upgrade: tcp` request (attach, exec start) that may be hijacked into a raw stream.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex, Writable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { invalidArgument } from '../errors.js';
import { API_VERSION, BERTH_VERSION } from './version.js';

export const COMMON_HEADERS: Record<string, string> = {
  'Api-Version': API_VERSION,
  'Docker-Experimental': 'false',
  Ostype: 'linux',
  Server: `Berth/${BERTH_VERSION} (linux)`,
};

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 412: 'Precondition Failed', 500: 'Internal Server Error',
  501: 'Not Implemented', 503: 'Service Unavailable', 507: 'Insufficient Storage',
};

export class Exchange {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  params: Record<string, string> = {};
  readonly #controller = new AbortController();
  #sent = false;

  constructor(
    readonly req: IncomingMessage,
    /** The API version the request asked for (or the server's own). */
    readonly apiVersion: string,
    path: string,
    readonly res: ServerResponse | undefined,
    /** Set for `Upgrade:` requests: the raw socket and any bytes read past the headers. */
    readonly upgrade: { socket: Duplex; head: Buffer } | undefined,
  ) {
    this.method = req.method ?? 'GET';
    this.headers = req.headers;
    const q = path.indexOf('?');
    this.path = q >= 0 ? path.slice(0, q) : path;
    this.query = new URLSearchParams(q >= 0 ? path.slice(q + 1) : '');
    const socket = upgrade?.socket ?? req.socket;
    const onClose = () => this.#controller.abort();
    socket.once('close', onClose);
    res?.once('close', () => {
      if (!res.writableFinished) onClose();
    });
  }

  /** Aborted when the client goes away before the response is complete. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }
  get headersSent(): boolean {
    return this.#sent;
  }

  // ---- request body ---------------------------------------------------------------------------------------------

  async bodyText(limit = 16 * 1024 * 1024): Promise<string> {
    if (this.upgrade) return this.#upgradeBody(limit);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw invalidArgument('request body too large');
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /**
   * An `Upgrade:` request's body (exec start sends `{"Detach":false,"Tty":…}`): Node does not parse it, so its
   * Content-Length bytes are taken from what was read past the headers, then from the socket; the rest stays
   * for the hijacked stream.
   */
  async #upgradeBody(limit: number): Promise<string> {
    const up = this.upgrade!;
    const length = Number(this.headers['content-length'] ?? 0);
    if (!Number.isInteger(length) || length <= 0) return '';
    if (length > limit) throw invalidArgument('request body too large');
    let buf = up.head;
    while (buf.length < length) {
      const more = await new Promise<Buffer | null>((resolve) => {
        const chunk = up.socket.read() as Buffer | null;
        if (chunk) return resolve(chunk);
        const onReadable = () => {
          up.socket.off('end', onEnd);
          resolve((up.socket.read() as Buffer | null) ?? Buffer.alloc(0));
        };
        const onEnd = () => {
          up.socket.off('readable', onReadable);
          resolve(null);
        };
        up.socket.once('readable', onReadable);
        up.socket.once('end', onEnd);
      });
      if (more === null) break;
      buf = Buffer.concat([buf, more]);
    }
    up.head = buf.subarray(length);
    return buf.subarray(0, length).toString('utf8');
  }

  /** The JSON body; an empty body is `{}`. Malformed JSON is a 400 with Docker's wording. */
  async bodyJson<T = Record<string, unknown>>(): Promise<T> {
    const text = await this.bodyText();
    if (text.trim() === '') return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw invalidArgument(`invalid JSON: ${(err as Error).message}`, { cause: err });
    }
  }

  // ---- responses ------------------------------------------------------------------------------------------------

  json(status: number, body: unknown): void {
    this.#write(status, { 'Content-Type': 'application/json' }, JSON.stringify(body) + '\n');
  }

  text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
    this.#write(status, { 'Content-Type': contentType }, body);
  }

  noContent(status = 204): void {
    this.#write(status, {}, '');
  }

  /** Docker's error body. */
  error(status: number, message: string): void {
    this.json(status, { message });
  }

  /** Starts a streamed response (logs, progress); the caller writes and ends it. */
  stream(status: number, contentType: string, extra: Record<string, string> = {}): Writable {
    this.#sent = true;
    if (this.res) {
      this.res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': contentType, ...extra });
      this.res.flushHeaders();
      return this.res;
    }
    const socket = this.upgrade!.socket;
    socket.write(head(status, { 'Content-Type': contentType, Connection: 'close', ...extra }));
    const out = new PassThrough();
    out.pipe(socket);
    return out;
  }

  /**
   * Takes over the connection for a raw bidirectional stream (attach, exec start). With `Upgrade: tcp` the reply
   * is `101 UPGRADED`; without it Docker answers 200 and streams raw on the same connection, and so do we.
   */
  hijack(contentType: string): Duplex {
    this.#sent = true;
    if (this.upgrade) {
      const { socket, head: rest } = this.upgrade;
      socket.write(
        head(101, { 'Content-Type': contentType, Connection: 'Upgrade', Upgrade: 'tcp' }).replace('101 Switching Protocols', '101 UPGRADED'),
      );
      if (rest.length > 0) socket.unshift(rest);
      return socket;
    }
    const res = this.res!;
    res.useChunkedEncodingByDefault = false;
    res.shouldKeepAlive = false;
    res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': contentType, Connection: 'close' });
    res.flushHeaders();
    return this.req.socket;
  }

  #write(status: number, headers: Record<string, string>, body: string): void {
    if (this.#sent) return;
    this.#sent = true;
    const length = String(Buffer.byteLength(body));
    if (this.res) {
      this.res.writeHead(status, { ...COMMON_HEADERS, ...headers, 'Content-Length': length });
      this.res.end(status === 204 || status === 304 || this.method === 'HEAD' ? undefined : body);
      return;
    }
    const socket = this.upgrade!.socket;
    socket.end(head(status, { ...headers, 'Content-Length': length, Connection: 'close' }) + body);
  }
}

function head(status: number, headers: Record<string, string>): string {
  const lines = [`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? (status === 101 ? 'Switching Protocols' : 'Status')}`];
  for (const [k, v] of Object.entries({ ...COMMON_HEADERS, ...headers })) lines.push(`${k}: ${v}`);
  return lines.join('\r\n') + '\r\n\r\n';
}
