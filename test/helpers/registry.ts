// A real registry (Debian's docker-registry, CNCF distribution 2.8) for a test: its own storage dir and a free
// port on 127.0.0.1; optional htpasswd Basic auth, TLS with a CA the test makes, or token auth against a small
// token server run here (RS256 JWTs with an x5c chain). `stop()` kills it and removes its files.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer, connect } from 'node:net';
import { createSign, randomBytes, X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec } from './exec.js';

export interface TestRegistryOptions {
  /** htpasswd Basic auth with this user (bcrypt). */
  basic?: { user: string; password: string };
  /** Serve https with a certificate for 127.0.0.1 signed by a CA made here (`caPath`). */
  tls?: boolean;
  /** Token auth: a token server here hands out tokens; `user`/`password` get pull+push, anyone else nothing. */
  token?: { user: string; password: string };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function openssl(args: string[], cwd: string): Promise<void> {
  const r = await exec('openssl', args, { cwd });
  if (r.code !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
}

export class TestRegistry {
  #child: ChildProcess | undefined;
  #tokenServer: Server | undefined;
  #log: Buffer[] = [];
  port = 0;
  caPath: string | undefined;
  /** Requests the token server saw (how the client proved itself, scope strings), for assertions. */
  readonly tokenRequests: Array<{ account: string | undefined; grant: 'anonymous' | 'password' | 'refresh_token'; scopes: string[] }> = [];
  /** Refresh tokens the token server handed out (to `offline_token` requests), by token. */
  readonly #refreshTokens = new Map<string, string>();

  private constructor(readonly dir: string) {}

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }
  get storage(): string {
    return join(this.dir, 'storage');
  }
  get logs(): string {
    return Buffer.concat(this.#log).toString();
  }

  static async start(o: TestRegistryOptions = {}): Promise<TestRegistry> {
    const r = new TestRegistry(await mkdtemp(join(tmpdir(), 'berth-registry-')));
    try {
      await r.#start(o);
    } catch (err) {
      await r.stop();
      throw err;
    }
    return r;
  }

  async #start(o: TestRegistryOptions): Promise<void> {
    const dir = this.dir;
    this.port = await freePort();
    const lines = [
      'version: 0.1',
      'log:',
      '  level: warn',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${this.storage}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${this.port}`,
      `  secret: ${randomBytes(8).toString('hex')}`,
      // Manifests may name non-distributable layers on loopback URLs (the foreign-layer test serves one).
      'validation:',
      '  manifests:',
      '    urls:',
      '      allow:',
      "        - '^http://127\\.0\\.0\\.1:'",
    ];
    if (o.tls) {
      await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=berth test CA', '-keyout', 'ca.key', '-out', 'ca.crt'], dir);
      await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr'], dir);
      await writeFile(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
      await openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'san.ext', '-out', 'server.crt'], dir);
      lines.push('  tls:', `    certificate: ${join(dir, 'server.crt')}`, `    key: ${join(dir, 'server.key')}`);
      this.caPath = join(dir, 'ca.crt');
    }
    if (o.basic) {
      const h = await exec('htpasswd', ['-Bbn', o.basic.user, o.basic.password]);
      if (h.code !== 0) throw new Error(`htpasswd failed: ${h.stderr}`);
      await writeFile(join(dir, 'htpasswd'), h.stdout);
      lines.push('auth:', '  htpasswd:', '    realm: berth-test', `    path: ${join(dir, 'htpasswd')}`);
    }
    if (o.token) {
      await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=berth token issuer', '-keyout', 'token.key', '-out', 'token.crt'], dir);
      const tokenPort = await this.#startTokenServer(o.token, await readFile(join(dir, 'token.key'), 'utf8'), await readFile(join(dir, 'token.crt'), 'utf8'));
      lines.push(
        'auth:',
        '  token:',
        `    realm: http://127.0.0.1:${tokenPort}/token`,
        '    service: berth-test-registry',
        '    issuer: berth-test-issuer',
        `    rootcertbundle: ${join(dir, 'token.crt')}`,
      );
    }
    await mkdir(this.storage, { recursive: true });
    await writeFile(join(dir, 'config.yml'), lines.join('\n') + '\n');
    const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    child.stdout!.on('data', (b: Buffer) => this.#log.push(b));
    child.stderr!.on('data', (b: Buffer) => this.#log.push(b));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${this.logs}`);
      if (await portAnswers(this.port)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`docker-registry did not listen within 10 s: ${this.logs}`);
  }

  async #startTokenServer(cred: { user: string; password: string }, key: string, certPem: string): Promise<number> {
    const x5c = [new X509Certificate(certPem).raw.toString('base64')];
    const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
    const server = createHttpServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const auth = req.headers.authorization;
      let account: string | undefined;
      let grant: 'anonymous' | 'password' | 'refresh_token' = 'anonymous';
      // OAuth: POST grant_type=refresh_token with a refresh token handed out earlier.
      if (req.method === 'POST') {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const form = new URLSearchParams(Buffer.concat(chunks).toString());
        account = form.get('grant_type') === 'refresh_token' ? this.#refreshTokens.get(form.get('refresh_token') ?? '') : undefined;
        if (!account) {
          res.writeHead(401, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: 'invalid_grant' }));
          return;
        }
        grant = 'refresh_token';
        for (const s of (form.get('scope') ?? '').split(' ').filter(Boolean)) url.searchParams.append('scope', s);
        url.searchParams.set('service', form.get('service') ?? '');
      } else if (auth?.startsWith('Basic ')) {
        const [u, ...p] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
        if (u !== cred.user || p.join(':') !== cred.password) {
          res.writeHead(401, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'incorrect username or password' }] }));
          return;
        }
        account = u;
        grant = 'password';
      }
      const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
      this.tokenRequests.push({ account, grant, scopes });
      const access = account
        ? scopes.map((s) => {
            const [type, ...rest] = s.split(':');
            const actions = rest.pop()!.split(',');
            return { type, name: rest.join(':'), actions };
          })
        : [];
      const now = Math.floor(Date.now() / 1000);
      const header = { alg: 'RS256', typ: 'JWT', x5c };
      const claims = { iss: 'berth-test-issuer', sub: account ?? '', aud: url.searchParams.get('service'), exp: now + 300, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access };
      const unsigned = `${b64(header)}.${b64(claims)}`;
      const sig = createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      let refresh: string | undefined;
      if (account && grant === 'password' && url.searchParams.get('offline_token') === 'true') {
        refresh = randomBytes(16).toString('hex');
        this.#refreshTokens.set(refresh, account);
      }
      const token = `${unsigned}.${sig}`;
      res.end(JSON.stringify(grant === 'refresh_token' ? { access_token: token, expires_in: 300 } : { token, expires_in: 300, ...(refresh ? { refresh_token: refresh } : {}) }));
    });
    this.#tokenServer = server;
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    await new Promise<void>((r) => (this.#tokenServer ? this.#tokenServer.close(() => r()) : r()));
    await rm(this.dir, { recursive: true, force: true });
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * An HTTP proxy in front of the registry that cuts the first blob download after `cutAfter` bytes, once; with
 * `stall`, it stops sending there instead and keeps the connection open (a hung transfer).
 */
export async function startCuttingProxy(
  target: number,
  cutAfter: number,
  mode: 'cut' | 'stall' = 'cut',
): Promise<{ port: number; cuts: number; rangeRequests: number; close: () => Promise<void> }> {
  const http = await import('node:http');
  const state = { port: 0, cuts: 0, rangeRequests: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    if (req.headers.range) state.rangeRequests++;
    const up = http.request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers }, (ur) => {
      res.writeHead(ur.statusCode ?? 502, ur.headers);
      const cut = req.method === 'GET' && /\/blobs\/sha256:/.test(req.url ?? '') && !req.headers.range && state.cuts === 0 && Number(ur.headers['content-length'] ?? 0) > cutAfter;
      if (!cut) {
        ur.pipe(res);
        return;
      }
      state.cuts++;
      let sent = 0;
      ur.on('data', (c: Buffer) => {
        if (sent >= cutAfter) return;
        const part = c.subarray(0, cutAfter - sent);
        sent += part.length;
        res.write(part);
        if (sent >= cutAfter) {
          ur.destroy();
          if (mode === 'cut') res.socket?.destroy();
        }
      });
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.port = (server.address() as { port: number }).port;
  state.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}
