// The docker CLI's config.json (`$DOCKER_CONFIG/config.json`, default `~/.docker/config.json`): credentials in
// `auths` (base64 `user:password`), or through a credential helper (`credsStore`, `credHelpers`:
// `docker-credential-<name> get|store|erase`). Also builds the `X-Registry-Auth` header docker sends.
import { readFile, writeFile, mkdir, rename } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Docker Hub's key in `auths`. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';

export interface AuthEntry {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

interface ConfigFile {
  auths?: Record<string, { auth?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [k: string]: unknown;
}

export const configDir = () => process.env.DOCKER_CONFIG || join(homedir(), '.docker');
const configPath = () => join(configDir(), 'config.json');

async function readConfig(): Promise<ConfigFile> {
  try {
    return JSON.parse(await readFile(configPath(), 'utf8')) as ConfigFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

async function writeConfig(cfg: ConfigFile): Promise<void> {
  await mkdir(configDir(), { recursive: true, mode: 0o700 });
  const tmp = `${configPath()}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(cfg, null, '\t') + '\n', { mode: 0o600 });
  await rename(tmp, configPath());
}

/** The registry a reference points at, as config.json keys it (Docker Hub's is its v1 URL). */
export function registryKeyOf(reference: string): string {
  const first = reference.split('/')[0]!;
  const hasDomain = reference.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasDomain || first === 'docker.io' || first === 'index.docker.io') return DOCKER_HUB_AUTH_KEY;
  return first;
}

/** The key for a server given to login/logout (`127.0.0.1:5000`, `https://r.example/`, none = Docker Hub). */
export function serverKey(server: string | undefined): string {
  if (!server) return DOCKER_HUB_AUTH_KEY;
  const host = server.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  if (host === 'docker.io' || host === 'index.docker.io' || host === 'registry-1.docker.io') return DOCKER_HUB_AUTH_KEY;
  return host;
}

function helperFor(cfg: ConfigFile, key: string): string | undefined {
  return cfg.credHelpers?.[key] ?? cfg.credsStore;
}

function runHelper(helper: string, verb: 'get' | 'store' | 'erase', input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(`docker-credential-${helper}`, [verb], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    p.stdout.on('data', (b: Buffer) => out.push(b));
    p.on('error', reject);
    p.on('close', (code) => {
      const text = Buffer.concat(out).toString();
      if (code === 0) resolve(text);
      else reject(new Error(`error ${verb === 'get' ? 'getting' : verb === 'store' ? 'storing' : 'erasing'} credentials - err: exit status ${code}, out: \`${text.trim()}\``));
    });
    // a helper may exit without reading its input (an erase of nothing): its exit status says how it went
    p.stdin.on('error', () => {});
    p.stdin.end(input);
  });
}

export async function getCredentials(key: string): Promise<AuthEntry | undefined> {
  const cfg = await readConfig();
  const helper = helperFor(cfg, key);
  if (helper) {
    try {
      const doc = JSON.parse(await runHelper(helper, 'get', key)) as { Username?: string; Secret?: string };
      if (!doc.Username && !doc.Secret) return undefined;
      return doc.Username === '<token>' ? { identitytoken: doc.Secret, serveraddress: key } : { username: doc.Username, password: doc.Secret, serveraddress: key };
    } catch {
      return undefined;
    }
  }
  const entry = cfg.auths?.[key] ?? cfg.auths?.[`https://${key}`] ?? cfg.auths?.[`http://${key}`];
  if (!entry) return undefined;
  const out: AuthEntry = { serveraddress: key };
  if (entry.auth) {
    const text = Buffer.from(entry.auth, 'base64').toString('utf8');
    const i = text.indexOf(':');
    out.username = text.slice(0, i);
    out.password = text.slice(i + 1);
  }
  if (entry.identitytoken) out.identitytoken = entry.identitytoken;
  return out;
}

export async function storeCredentials(e: AuthEntry): Promise<void> {
  const cfg = await readConfig();
  const key = e.serveraddress;
  const helper = helperFor(cfg, key);
  if (helper) {
    const secret = e.identitytoken ?? e.password ?? '';
    await runHelper(helper, 'store', JSON.stringify({ ServerURL: key, Username: e.identitytoken ? '<token>' : e.username, Secret: secret }));
    cfg.auths = { ...cfg.auths, [key]: {} };
  } else {
    const entry: { auth?: string; identitytoken?: string } = {};
    if (e.identitytoken) entry.identitytoken = e.identitytoken;
    else entry.auth = Buffer.from(`${e.username ?? ''}:${e.password ?? ''}`).toString('base64');
    cfg.auths = { ...cfg.auths, [key]: entry };
  }
  await writeConfig(cfg);
}

/** Removes the entry; false when there was none. */
export async function eraseCredentials(key: string): Promise<boolean> {
  const cfg = await readConfig();
  const had = !!cfg.auths?.[key];
  const helper = helperFor(cfg, key);
  if (helper) await runHelper(helper, 'erase', key).catch(() => {});
  if (cfg.auths && key in cfg.auths) {
    delete cfg.auths[key];
    await writeConfig(cfg);
  }
  return had || !!helper;
}

/** The `X-Registry-Auth` header value for a reference (base64url JSON), or undefined without credentials. */
export async function registryAuthFor(reference: string): Promise<string | undefined> {
  const e = await getCredentials(registryKeyOf(reference));
  if (!e) return undefined;
  return encodeAuth(e);
}

export function encodeAuth(e: AuthEntry): string {
  return Buffer.from(JSON.stringify(e)).toString('base64url');
}
