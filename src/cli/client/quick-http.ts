// A minimal HTTP/1.1 exchange over node:net for the CLI's small buffered requests (/_ping, JSON calls): node:http
// costs ~30 ms to load, node:net ~3 ms, and `berth version` / `ps` / `inspect` only need one request and one
// buffered answer. `Connection: close` makes the answer end with the connection, so the whole exchange is: write
// the request, read to EOF, split the head from the body, undo chunked encoding. Streams, uploads and hijacks
// stay on node:http (engine-client.ts).

export interface QuickResponse {
  statusCode: number;
  statusMessage: string;
  /** Lower-cased names; repeated headers keep the last value. */
  headers: Record<string, string>;
  body: Buffer;
}

/** Thrown for failures before the connection was made (the daemon is not there): carries the errno code. */
export class QuickConnectError extends Error {
  override readonly cause: NodeJS.ErrnoException;
  constructor(cause: NodeJS.ErrnoException) {
    super(cause.message);
    this.cause = cause;
    this.name = 'QuickConnectError';
  }
}

export async function quickRequest(
  socketPath: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<QuickResponse> {
  const { connect } = await import('node:net');
  const payload = body === undefined ? undefined : Buffer.from(body);
  let head = `${method} ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n`;
  for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
  if (payload) head += `Content-Length: ${payload.length}\r\n`;
  else if (method === 'POST' || method === 'PUT') head += 'Content-Length: 0\r\n';
  head += '\r\n';
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let connected = false;
    const sock = connect({ path: socketPath });
    sock.once('connect', () => {
      connected = true;
      sock.write(payload ? Buffer.concat([Buffer.from(head), payload]) : head);
    });
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.once('end', () => resolve(Buffer.concat(chunks)));
    sock.once('error', (err: NodeJS.ErrnoException) => {
      // A reset once the answer is in (the daemon closing first) still leaves a complete answer.
      if (connected && chunks.length > 0 && err.code === 'ECONNRESET') resolve(Buffer.concat(chunks));
      else reject(connected ? err : new QuickConnectError(err));
    });
  });
  return parseResponse(raw, method === 'HEAD');
}

/** Parses a complete HTTP/1.1 answer (read to EOF). Exported for the unit test. */
export function parseResponse(raw: Buffer, headOnly = false): QuickResponse {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw Object.assign(new Error('unexpected EOF'), { code: 'ERR_QUICK_HTTP_EOF' });
  const lines = raw.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(lines[0] ?? '');
  if (!m) throw new Error(`malformed HTTP response: ${JSON.stringify(lines[0])}`);
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const c = l.indexOf(':');
    if (c > 0) headers[l.slice(0, c).trim().toLowerCase()] = l.slice(c + 1).trim();
  }
  let body = raw.subarray(end + 4);
  const statusCode = Number(m[1]);
  if (headOnly || statusCode === 204 || statusCode === 304) body = Buffer.alloc(0);
  else if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  return { statusCode, statusMessage: m[2] ?? '', headers, body };
}

function dechunk(b: Buffer): Buffer {
  const parts: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = b.indexOf('\r\n', i);
    if (eol < 0) break;
    const size = parseInt(b.subarray(i, eol).toString('latin1').split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(b.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
