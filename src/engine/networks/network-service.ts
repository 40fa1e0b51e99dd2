// The network service: network records (the predefined `bridge`, `host`, `none`, and user-defined bridge
// networks), their bridges, firewall rules and embedded DNS servers, IPAM leases, containers' memberships, and
// each running container's sandbox (its network namespace, veths and published ports; sandbox.ts).
import type { EventBus } from '../../events/event-bus.js';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { Logger } from '../../log.js';
import { atomicWriteJson } from '../../common/fs/atomic-write.js';
import { newId } from '../../common/ids.js';
import { KeyedMutex } from '../../common/keyed-mutex.js';
import { BerthError, invalidArgument } from '../../errors.js';
import { Ipam, IpamError } from '../../network/ipam.js';
import { formatIp, formatSubnet, overlaps, parseIp, parseSubnet, size, type Subnet } from '../../network/ipv4.js';
import { Firewall } from '../../network/firewall.js';
import { deleteLink, ensureBridge, listLinks, listNetns, removeNetns } from '../../network/link.js';
import { DnsServer } from '../../network/dns/server.js';
import { run } from '../../common/proc/run.js';
import type { EndpointRecord, EndpointRequest, Membership, NetworkRecord } from './network-record.js';

export interface NetworkConfig {
  /** Name of the default bridge device; every device, namespace and chain of this daemon starts with it. */
  bridge: string;
  /** The default bridge's gateway address and prefix (`--bip`). */
  bip: string;
  /** Pool user networks' subnets are taken from (`--default-address-pool base=...,size=...`). */
  pool: { base: string; size: number };
}

export interface ContainerDirectory {
  /** Resolves a container reference (404 when unknown). */
  resolve(ref: string): { id: string; name: string; running: boolean };
  get(id: string): { id: string; name: string; running: boolean } | undefined;
}

export const noSuchNetwork = (ref: string) => new BerthError('not-found', 'ERR_NO_SUCH_NETWORK', `network ${ref} not found`);

export class NetworkService {
  readonly records = new Map<string, NetworkRecord>();
  readonly memberships = new Map<string, Membership>();
  readonly ipams = new Map<string, Ipam>();
  readonly dns = new Map<string, DnsServer>();
  readonly firewall: Firewall;
  readonly locks = new KeyedMutex();
  containers: ContainerDirectory | undefined;
  #upstreams: string[] = [];

  /** Where network events go (create, connect, disconnect, destroy); the daemon hands in the engine's bus. */
  events: EventBus | undefined;

  constructor(
    readonly config: NetworkConfig,
    readonly dataRoot: string,
    readonly log: Logger,
  ) {
    this.firewall = new Firewall(config.bridge, config.bridge);
  }

  get dir(): string {
    return join(this.dataRoot, 'networks');
  }
  get membershipDir(): string {
    return join(this.dir, 'containers');
  }
  get sandboxDir(): string {
    return join(this.dir, 'sandboxes');
  }
  get netnsPrefix(): string {
    return `${this.config.bridge}-`;
  }

  // ---- records -------------------------------------------------------------------------------------------

  async save(rec: NetworkRecord): Promise<void> {
    await atomicWriteJson(join(this.dir, `${rec.Id}.json`), rec);
  }

  async saveMembership(m: Membership): Promise<void> {
    await atomicWriteJson(join(this.membershipDir, `${m.containerId}.json`), m);
  }

  /** By full id, name, or unique id prefix. */
  resolve(ref: string): NetworkRecord {
    const byId = this.records.get(ref);
    if (byId) return byId;
    for (const r of this.records.values()) if (r.Name === ref) return r;
    const prefixed = [...this.records.values()].filter((r) => ref.length > 0 && r.Id.startsWith(ref));
    if (prefixed.length === 1) return prefixed[0]!;
    if (prefixed.length > 1) throw new BerthError('not-found', 'ERR_AMBIGUOUS_NETWORK', `network ${ref} is ambiguous (${prefixed.length} matches found based on ID prefix)`);
    throw noSuchNetwork(ref);
  }

  find(ref: string): NetworkRecord | undefined {
    try {
      return this.resolve(ref);
    } catch {
      return undefined;
    }
  }

  ipamOf(rec: NetworkRecord): Ipam {
    let ipam = this.ipams.get(rec.Id);
    if (!ipam) {
      ipam = new Ipam(parseSubnet(rec.subnet)!, parseIp(rec.gateway)!, rec.ipRange ? parseSubnet(rec.ipRange) : undefined);
      for (const e of Object.values(rec.endpoints)) ipam.reserve(e.ip);
      this.ipams.set(rec.Id, ipam);
    }
    return ipam;
  }

  /** Bridge device name of a user network: ours (prefix) plus a piece of its id, within IFNAMSIZ. */
  bridgeNameFor(id: string): string {
    const room = Math.max(4, 14 - this.config.bridge.length);
    return `${this.config.bridge}-${id.slice(0, room)}`.slice(0, 15);
  }

  hostIfFor(containerId: string, networkId: string): string {
    return `vb${createHash('sha256').update(`${this.config.bridge}/${containerId}/${networkId}`).digest('hex').slice(0, 12)}`;
  }

  get upstreams(): string[] {
    return this.#upstreams;
  }

  // ---- lifecycle -----------------------------------------------------------------------------------------

  /**
   * Loads the records, makes sure the default network exists, brings bridges and rules up, and reconciles what a
   * crash may have left: leases and namespaces of containers that are not running, bridges of removed networks.
   */
  async init(running: Set<string>): Promise<void> {
    await mkdir(this.membershipDir, { recursive: true });
    await mkdir(this.sandboxDir, { recursive: true });
    const resolv = await readFile('/etc/resolv.conf', 'utf8').catch(() => '');
    this.#upstreams = [...resolv.matchAll(/^\s*nameserver\s+(\d+\.\d+\.\d+\.\d+)/gm)].map((m) => m[1]!);
    for (const f of await readdir(this.dir)) {
      if (!f.endsWith('.json')) continue;
      try {
        const rec = JSON.parse(await readFile(join(this.dir, f), 'utf8')) as NetworkRecord;
        this.records.set(rec.Id, rec);
      } catch (err) {
        this.log.error('unreadable network record left in place', { file: f, err });
      }
    }
    for (const f of await readdir(this.membershipDir)) {
      if (!f.endsWith('.json')) continue;
      const m = JSON.parse(await readFile(join(this.membershipDir, f), 'utf8').catch(() => 'null')) as Membership | null;
      if (m) this.memberships.set(m.containerId, m);
    }
    await this.#ensureDefault();
    await this.firewall.init();
    for (const rec of this.records.values()) {
      let changed = false;
      for (const [cid, e] of Object.entries(rec.endpoints)) {
        if (!running.has(cid)) {
          delete rec.endpoints[cid];
          changed = true;
          this.log.info('released a stale lease', { network: rec.Name, container: cid, ip: e.ip });
        }
      }
      if (changed) await this.save(rec);
      await this.#bringUp(rec);
    }
    // Namespaces and devices of ours that nothing owns any more.
    const wantedNetns = new Set([...running].map((id) => this.netnsName(id)));
    for (const ns of await listNetns(this.netnsPrefix)) if (!wantedNetns.has(ns)) await removeNetns(ns);
    const wantedLinks = new Set([...this.records.values()].map((r) => r.bridge));
    for (const l of await listLinks(this.config.bridge)) {
      if (!wantedLinks.has(l) && (l === this.config.bridge || l.startsWith(`${this.config.bridge}-`))) await deleteLink(l);
    }
    for (const f of await readdir(this.sandboxDir)) if (!running.has(f.replace(/\.json$/, ''))) await rm(join(this.sandboxDir, f), { force: true });
  }

  netnsName(containerId: string): string {
    return `${this.netnsPrefix}${containerId.slice(0, 16)}`;
  }

  async #ensureDefault(): Promise<void> {
    const existing = [...this.records.values()].find((r) => r.isDefault);
    const bip = parseSubnet(this.config.bip, true);
    if (!bip) throw invalidArgument(`invalid --bip: ${this.config.bip}`);
    const gateway = this.config.bip.split('/')[0]!;
    if (existing && existing.subnet === formatSubnet(bip) && existing.gateway === gateway && existing.bridge === this.config.bridge) return;
    const rec: NetworkRecord = existing
      ? { ...existing, subnet: formatSubnet(bip), gateway, bridge: this.config.bridge, endpoints: {} }
      : {
          Name: 'bridge',
          Id: newId(),
          Created: new Date().toISOString(),
          Driver: 'bridge',
          Internal: false,
          Labels: {},
          Options: {
            'com.docker.network.bridge.default_bridge': 'true',
            'com.docker.network.bridge.enable_icc': 'true',
            'com.docker.network.bridge.enable_ip_masquerade': 'true',
            'com.docker.network.bridge.name': this.config.bridge,
            'com.docker.network.driver.mtu': '1500',
          },
          subnet: formatSubnet(bip),
          gateway,
          bridge: this.config.bridge,
          isDefault: true,
          endpoints: {},
        };
    this.ipams.delete(rec.Id);
    this.records.set(rec.Id, rec);
    await this.save(rec);
  }

  async #bringUp(rec: NetworkRecord): Promise<void> {
    const prefix = rec.subnet.split('/')[1];
    await ensureBridge(rec.bridge, `${rec.gateway}/${prefix}`);
    await this.firewall.addNetwork({ bridge: rec.bridge, subnet: rec.subnet, internal: rec.Internal });
    if (!rec.isDefault && !this.dns.has(rec.Id)) {
      const server = new DnsServer(rec.gateway, (name, from) => this.lookup(rec, name, from), rec.Internal ? [] : this.#upstreams);
      try {
        await server.start();
        this.dns.set(rec.Id, server);
      } catch (err) {
        this.log.warn('the embedded DNS server could not listen', { network: rec.Name, address: rec.gateway, err });
      }
    }
  }

  /**
   * Names on a user network: container names, aliases, short and full ids; also `<name>.<network>`. A container
   * on several user networks (`network connect`) asks one of them and is answered for all of its user networks.
   */
  lookup(rec: NetworkRecord, name: string, from?: string): string[] | undefined {
    const here = this.#lookupIn(rec, name);
    if (here || from === undefined) return here;
    const asker = Object.values(rec.endpoints).find((e) => e.ip === from)?.containerId;
    if (!asker) return undefined;
    for (const other of this.records.values()) {
      if (other === rec || other.isDefault || !other.endpoints[asker]) continue;
      const found = this.#lookupIn(other, name);
      if (found) return found;
    }
    return undefined;
  }

  #lookupIn(rec: NetworkRecord, name: string): string[] | undefined {
    const n = name.replace(/\.$/, '').toLowerCase();
    const bare = n.endsWith(`.${rec.Name.toLowerCase()}`) ? n.slice(0, -rec.Name.length - 1) : n;
    const found: string[] = [];
    for (const e of Object.values(rec.endpoints)) {
      const names = [e.containerName, ...e.aliases].map((x) => x.toLowerCase());
      if (names.includes(bare) || (bare.length >= 12 && e.containerId.startsWith(bare))) found.push(e.ip);
    }
    return found.length ? found : undefined;
  }

  /** Stops the DNS servers (the bridges, rules and containers' namespaces stay for the next start). */
  async shutdown(): Promise<void> {
    for (const s of this.dns.values()) await s.stop();
    this.dns.clear();
  }

  // ---- verbs ---------------------------------------------------------------------------------------------

  async create(body: CreateNetworkRequest): Promise<{ Id: string; Warning: string }> {
    const name = body?.Name;
    if (!name || typeof name !== 'string') throw invalidArgument('network name cannot be empty');
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) throw invalidArgument(`invalid network name "${name}"`);
    const driver = body.Driver || 'bridge';
    if (driver !== 'bridge') throw new BerthError('not-found', 'ERR_PLUGIN', `could not find plugin ${driver} in v1 plugin registry: plugin not found`);
    return this.locks.run('networks', async () => {
      if (['host', 'none', 'bridge', 'default'].includes(name) || this.find(name)?.Name === name) {
        throw new BerthError('conflict', 'ERR_NETWORK_EXISTS', `network with name ${name} already exists`);
      }
      const cfg = body.IPAM?.Config?.[0];
      let subnet: Subnet;
      if (cfg?.Subnet) {
        const s = parseSubnet(cfg.Subnet, true);
        if (!s || s.prefix > 30) throw invalidArgument(`invalid subnet ${cfg.Subnet}`);
        subnet = s;
        for (const r of this.records.values()) {
          if (overlaps(parseSubnet(r.subnet)!, s)) throw new BerthError('permission-denied', 'ERR_POOL_OVERLAP', `invalid pool request: Pool overlaps with other one on this address space`);
        }
        for (const route of await hostRoutes()) {
          if (overlaps(route, s)) throw new BerthError('permission-denied', 'ERR_POOL_OVERLAP', `invalid pool request: Pool overlaps with other one on this address space`);
        }
      } else subnet = await this.#nextPoolSubnet();
      let gateway = subnet.base + 1;
      if (cfg?.Gateway) {
        const g = parseIp(cfg.Gateway);
        if (g === undefined || (g & ~0 >>> 0) === undefined || !overlaps({ base: g, prefix: 32 }, subnet)) throw invalidArgument(`no matching subnet for gateway ${cfg.Gateway}`);
        gateway = g;
      }
      let ipRange: string | undefined;
      if (cfg?.IPRange) {
        const r = parseSubnet(cfg.IPRange, true);
        if (!r || !overlaps(r, subnet) || r.prefix < subnet.prefix) throw invalidArgument(`invalid ip-range ${cfg.IPRange}`);
        ipRange = formatSubnet(r);
      }
      const id = newId();
      const rec: NetworkRecord = {
        Name: name,
        Id: id,
        Created: new Date().toISOString(),
        Driver: 'bridge',
        Internal: body.Internal === true,
        Labels: body.Labels ?? {},
        Options: body.Options ?? {},
        subnet: formatSubnet(subnet),
        gateway: formatIp(gateway),
        ipRange,
        bridge: this.bridgeNameFor(id),
        isDefault: false,
        endpoints: {},
      };
      await this.save(rec);
      this.records.set(id, rec);
      this.events?.emit('network', 'create', id, { name: rec.Name, type: rec.Driver });
      try {
        await this.#bringUp(rec);
      } catch (err) {
        await this.#tearDownNetwork(rec);
        throw err;
      }
      return { Id: id, Warning: '' };
    });
  }

  async #nextPoolSubnet(): Promise<Subnet> {
    const base = parseSubnet(this.config.pool.base);
    if (!base) throw invalidArgument(`invalid default address pool ${this.config.pool.base}`);
    const routes = await hostRoutes();
    const taken = [...this.records.values()].map((r) => parseSubnet(r.subnet)!);
    const step = 2 ** (32 - this.config.pool.size);
    for (let n = base.base; n < base.base + size(base); n += step) {
      const s = { base: n >>> 0, prefix: this.config.pool.size };
      if (!taken.some((t) => overlaps(t, s)) && !routes.some((r) => overlaps(r, s))) return s;
    }
    throw new BerthError('permission-denied', 'ERR_POOL_EXHAUSTED', 'could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network');
  }

  async remove(ref: string): Promise<void> {
    const rec = this.resolve(ref);
    if (rec.isDefault) throw new BerthError('permission-denied', 'ERR_PREDEFINED', `${rec.Name} is a pre-defined network and cannot be removed`);
    await this.locks.run('networks', async () => {
      const active = Object.values(rec.endpoints);
      if (active.length) {
        const list = active.map((e) => `(name:"${e.containerName}" id:"${e.containerId.slice(0, 12)}")`).join(', ');
        throw new BerthError('permission-denied', 'ERR_NETWORK_IN_USE', `error while removing network: network ${rec.Name} has active endpoints ${list}`);
      }
      await this.#tearDownNetwork(rec);
    });
  }

  async #tearDownNetwork(rec: NetworkRecord): Promise<void> {
    this.records.delete(rec.Id);
    this.events?.emit('network', 'destroy', rec.Id, { name: rec.Name, type: rec.Driver });
    this.ipams.delete(rec.Id);
    await this.dns.get(rec.Id)?.stop();
    this.dns.delete(rec.Id);
    await this.firewall.removeNetwork({ bridge: rec.bridge, subnet: rec.subnet, internal: rec.Internal });
    await deleteLink(rec.bridge);
    await rm(join(this.dir, `${rec.Id}.json`), { force: true });
  }

  async prune(filters: Record<string, string[]>): Promise<string[]> {
    const removed: string[] = [];
    for (const rec of [...this.records.values()]) {
      if (rec.isDefault || Object.keys(rec.endpoints).length) continue;
      if (!matchesLabels(rec, filters)) continue;
      if (filters.until?.length && !filters.until.every((u) => Date.parse(rec.Created) < untilMs(u))) continue;
      await this.remove(rec.Id).then(() => removed.push(rec.Name), () => {});
    }
    return removed;
  }

  list(filters: Record<string, string[]>): Array<Record<string, unknown>> {
    return this.all()
      .filter((n) => {
        if (filters.name && !filters.name.some((x) => String(n.Name).includes(x))) return false;
        if (filters.id && !filters.id.some((x) => String(n.Id).startsWith(x))) return false;
        if (filters.driver && !filters.driver.includes(String(n.Driver))) return false;
        if (filters.scope && !filters.scope.includes('local')) return false;
        if (filters.type) {
          const builtin = ['bridge', 'host', 'none'].includes(String(n.Name)) && (n as { __builtin?: boolean }).__builtin;
          if (!filters.type.some((t) => (t === 'builtin' ? builtin : t === 'custom' ? !builtin : false))) return false;
        }
        if (filters.label) {
          const labels = (n.Labels ?? {}) as Record<string, string>;
          if (!filters.label.every((l) => (l.includes('=') ? labels[l.split('=')[0]!] === l.slice(l.indexOf('=') + 1) : l in labels))) return false;
        }
        return true;
      })
      .map((n) => {
        const { __builtin, ...rest } = n as Record<string, unknown> & { __builtin?: boolean };
        void __builtin;
        return { ...rest, Containers: {} };
      });
  }

  all(): Array<Record<string, unknown>> {
    const out: Array<Record<string, unknown>> = [...this.records.values()].map((r) => ({ ...this.inspect(r.Id), __builtin: r.isDefault }));
    for (const name of ['host', 'none']) {
      out.push({
        Name: name,
        Id: createHash('sha256').update(`${this.config.bridge}/${name}`).digest('hex'),
        Created: '0001-01-01T00:00:00Z',
        Scope: 'local',
        Driver: name === 'host' ? 'host' : 'null',
        EnableIPv4: true,
        EnableIPv6: false,
        IPAM: { Driver: 'default', Options: null, Config: null },
        Internal: false,
        Attachable: false,
        Ingress: false,
        ConfigFrom: { Network: '' },
        ConfigOnly: false,
        Containers: {},
        Options: {},
        Labels: {},
        __builtin: true,
      });
    }
    return out;
  }

  inspect(ref: string): Record<string, unknown> {
    if (ref === 'host' || ref === 'none') {
      const n = this.all().find((x) => x.Name === ref)!;
      delete n.__builtin;
      return n;
    }
    const r = this.resolve(ref);
    const containers: Record<string, unknown> = {};
    for (const e of Object.values(r.endpoints)) {
      containers[e.containerId] = { Name: e.containerName, EndpointID: e.endpointId, MacAddress: e.mac, IPv4Address: `${e.ip}/${r.subnet.split('/')[1]}`, IPv6Address: '' };
    }
    return {
      Name: r.Name,
      Id: r.Id,
      Created: r.Created,
      Scope: 'local',
      Driver: r.Driver,
      EnableIPv4: true,
      EnableIPv6: false,
      IPAM: { Driver: 'default', Options: null, Config: [{ Subnet: r.subnet, Gateway: r.gateway, ...(r.ipRange ? { IPRange: r.ipRange } : {}) }] },
      Internal: r.Internal,
      Attachable: false,
      Ingress: false,
      ConfigFrom: { Network: '' },
      ConfigOnly: false,
      Containers: containers,
      Options: r.Options,
      Labels: r.Labels,
    };
  }
}

export interface CreateNetworkRequest {
  Name?: string;
  Driver?: string;
  Internal?: boolean;
  Labels?: Record<string, string>;
  Options?: Record<string, string>;
  IPAM?: { Driver?: string; Config?: Array<{ Subnet?: string; Gateway?: string; IPRange?: string }> };
  CheckDuplicate?: boolean;
  Attachable?: boolean;
  EnableIPv6?: boolean;
}

function matchesLabels(rec: NetworkRecord, filters: Record<string, string[]>): boolean {
  for (const l of filters.label ?? []) {
    const [k, v] = l.split('=', 2) as [string, string | undefined];
    if (!(k in rec.Labels) || (v !== undefined && rec.Labels[k] !== v)) return false;
  }
  for (const l of filters['label!'] ?? []) {
    const [k, v] = l.split('=', 2) as [string, string | undefined];
    if (k in rec.Labels && (v === undefined || rec.Labels[k] === v)) return false;
  }
  return true;
}

function untilMs(u: string): number {
  if (/^\d+(\.\d+)?$/.test(u)) return Number(u) * 1000;
  const m = /^(\d+)(s|m|h)$/.exec(u);
  if (m) return Date.now() - Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
  return Date.parse(u);
}

/** The subnets the host already routes (never handed out). */
export async function hostRoutes(): Promise<Subnet[]> {
  const r = await run('ip', ['-4', 'route', 'show', 'table', 'all'], { allowFailure: true });
  const out: Subnet[] = [];
  for (const line of r.stdout.split('\n')) {
    const dst = line.split(/\s+/)[0] === 'local' || line.split(/\s+/)[0] === 'broadcast' ? undefined : line.split(/\s+/)[0];
    if (!dst || dst === 'default') continue;
    const s = parseSubnet(dst.includes('/') ? dst : `${dst}/32`, true);
    if (s) out.push(s);
  }
  return out;
}

export type { EndpointRecord, EndpointRequest, Membership, NetworkRecord };
export { IpamError };
