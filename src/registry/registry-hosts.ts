// Where a registry domain is reached and how: `docker.io` -> its API host (mirrors first, for pulls); https with
// the system CAs plus the per-host directory `<certsDir>/<host>/` (`*.crt` CAs, `client.cert` + `client.key`),
// as dockerd's /etc/docker/certs.d; insecure registries (the daemon's `insecure-registries`, and loopback as docker
// treats it) are tried over https without verification, then plain http.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { DEFAULT_DOMAIN } from '../reference/reference.js';

/** Docker Hub's API endpoint for the `docker.io` domain. */
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';

export interface RegistryHostsOptions {
  /** Per-registry TLS material, `<certsDir>/<host[:port]>/`. */
  certsDir: string;
  /** Hosts (`host[:port]`) or CIDRs (`10.0.0.0/8`) allowed without TLS verification. */
  insecureRegistries: readonly string[];
  /** Mirrors of docker.io (`https://mirror.example`), tried first for pulls. */
  mirrors: readonly string[];
}

export interface TlsMaterial {
  ca?: string[];
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
}

export interface Endpoint {
  /** `https://host:port` or `http://host:port`, no trailing slash. */
  base: string;
  tls: TlsMaterial | undefined;
  mirror: boolean;
}

export class RegistryHosts {
  #baseCas: string[] | undefined;
  /** Endpoints per host for a minute: one TLS context (and keep-alive agent) per host, not one per request. */
  readonly #cache = new Map<string, { at: number; endpoints: Promise<Endpoint[]> }>();

  constructor(readonly options: RegistryHostsOptions) {}

  /** The endpoint base that answered last, per host: tried first next time (no https probe of a plain-http registry each pull). */
  readonly #answered = new Map<string, string>();

  /** Records that `endpoint` answered, so it is tried first for its host from now on. */
  remember(endpoint: Endpoint): void {
    this.#answered.set(new URL(endpoint.base).host, endpoint.base);
  }

  /** Endpoints for `domain`, in the order to try them. Push never goes to a mirror. */
  async endpoints(domain: string, purpose: 'pull' | 'push' | 'login'): Promise<Endpoint[]> {
    const list = await this.#endpoints(domain, purpose);
    // Keep the overall order (mirrors first), but within a host the base that answered last goes first.
    const out: Endpoint[] = [];
    for (const e of list) {
      const host = new URL(e.base).host;
      const first = out.findIndex((x) => new URL(x.base).host === host);
      if (first >= 0 && this.#answered.get(host) === e.base) out.splice(first, 0, e);
      else out.push(e);
    }
    return out;
  }

  async #endpoints(domain: string, purpose: 'pull' | 'push' | 'login'): Promise<Endpoint[]> {
    const out: Endpoint[] = [];
    if (domain === DEFAULT_DOMAIN && purpose === 'pull') {
      for (const m of this.options.mirrors) {
        const u = new URL(m);
        out.push(...(await this.#forHost(u.host, u.protocol === 'http:')).map((e) => ({ ...e, base: `${e.base}${u.pathname.replace(/\/+$/, '')}`, mirror: true })));
      }
    }
    const host = domain === DEFAULT_DOMAIN ? DOCKER_HUB_API_HOST : domain;
    out.push(...(await this.#forHost(host, false)));
    return out;
  }

  isInsecure(host: string): boolean {
    const bare = hostOnly(host);
    if (bare === 'localhost' || bare === '::1' || /^127\./.test(bare)) return true;
    for (const entry of this.options.insecureRegistries) {
      const e = entry.replace(/^https?:\/\//, '').replace(/\/+$/, '');
      if (e === host || e === bare) return true;
      if (e.includes('/') && /^\d+\.\d+\.\d+\.\d+$/.test(bare) && inCidr(bare, e)) return true;
    }
    return false;
  }

  #forHost(host: string, httpOnly: boolean): Promise<Endpoint[]> {
    const key = `${httpOnly ? 'http' : 'https'}://${host}`;
    const hit = this.#cache.get(key);
    if (hit && Date.now() - hit.at < 60_000) return hit.endpoints;
    const endpoints = this.#resolveHost(host, httpOnly);
    this.#cache.set(key, { at: Date.now(), endpoints });
    endpoints.catch(() => this.#cache.delete(key));
    return endpoints;
  }

  async #resolveHost(host: string, httpOnly: boolean): Promise<Endpoint[]> {
    if (httpOnly) return [{ base: `http://${host}`, tls: undefined, mirror: false }];
    const insecure = this.isInsecure(host);
    const own = await this.#certsFor(host);
    // A CA configured for the host is honoured even for an insecure registry: that is what it is there for.
    const verify = !insecure || (own.ca?.length ?? 0) > 0;
    const material: TlsMaterial = { ca: [...(await this.#systemCas()), ...(own.ca ?? [])], cert: own.cert, key: own.key, rejectUnauthorized: verify };
    const list: Endpoint[] = [{ base: `https://${host}`, tls: material, mirror: false }];
    if (insecure) list.push({ base: `http://${host}`, tls: undefined, mirror: false });
    return list;
  }

  async #certsFor(host: string): Promise<{ ca?: string[]; cert?: Buffer; key?: Buffer }> {
    const dir = join(this.options.certsDir, host);
    const names = await readdir(dir).catch(() => [] as string[]);
    const ca: string[] = [];
    let cert: Buffer | undefined;
    let key: Buffer | undefined;
    for (const n of names.sort()) {
      if (n.endsWith('.crt')) ca.push(await readFile(join(dir, n), 'utf8'));
      else if (n.endsWith('.cert')) {
        cert = await readFile(join(dir, n));
        key = await readFile(join(dir, `${n.slice(0, -5)}.key`)).catch(() => {
          throw new Error(`missing key ${n.slice(0, -5)}.key for client certificate ${n} in ${dir}`);
        });
      }
    }
    return { ca: ca.length ? ca : undefined, cert, key };
  }

  async #systemCas(): Promise<string[]> {
    if (!this.#baseCas) {
      const get = (tls as unknown as { getCACertificates?: (t: string) => string[] }).getCACertificates;
      const bundled = [...tls.rootCertificates];
      let system: string[] = [];
      try {
        system = get ? get('system') : [];
      } catch {
        system = [];
      }
      this.#baseCas = [...bundled, ...system];
    }
    return this.#baseCas;
  }
}

function hostOnly(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  return host.replace(/:\d+$/, '');
}

function inCidr(ip: string, cidr: string): boolean {
  const [net, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const toInt = (a: string) => a.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
  if (!net || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(ip) & mask) === (toInt(net) & mask);
}
