// A container's network sandbox: at start, a network namespace of ours (handed to runc by path), one veth per
// network it is a member of (address from the network's IPAM, lease saved atomically in the network's record),
// its /etc/hosts and /etc/resolv.conf, and its published ports. At exit, all of it goes.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { atomicWriteJson } from '../../common/fs/atomic-write.js';
import { invalidArgument, BerthError } from '../../errors.js';
import { addNetns, attachNetns, attachVeth, deleteLinks, deleteNetnsAndLinks, detachVeth, netnsPath, presentLeftovers, removeNetns } from '../../network/link.js';
import { IpamError } from '../../network/ipam.js';
import { openPort, type BoundPort, type PortMapping } from '../../network/port-proxy.js';
import { portRequests } from '../../network/port-spec.js';
import type { SandboxRequest } from '../backend.js';
import { noSuchNetwork, type NetworkService } from './network-service.js';
import type { EndpointRecord, EndpointRequest, NetworkRecord } from './network-record.js';

interface SandboxFile {
  containerId: string;
  ports: PortMapping[];
  /** What setUp was asked for: connect/disconnect on a running container rewrite its hosts and resolv.conf from it. */
  request?: SandboxRequest;
}

const openPorts = new WeakMap<NetworkService, Map<string, BoundPort[]>>();
function portsOf(svc: NetworkService): Map<string, BoundPort[]> {
  let m = openPorts.get(svc);
  if (!m) openPorts.set(svc, (m = new Map()));
  return m;
}

/** The network mode names a network of ours (default, bridge, or a user network) rather than none/host/container. */
export function usesSandbox(mode: string | undefined): boolean {
  const m = mode || 'default';
  return m !== 'none' && m !== 'host' && !m.startsWith('container:');
}

/** At create: the mode must name a network; the request's endpoint settings are remembered. */
export async function registerContainer(svc: NetworkService, id: string, mode: string | undefined, endpoints: Record<string, { Aliases?: string[] | null; IPAMConfig?: { IPv4Address?: string } | null }> | undefined): Promise<void> {
  const m = mode || 'default';
  if (!usesSandbox(m)) return;
  const net = svc.find(m === 'default' ? 'bridge' : m);
  if (!net) throw noSuchNetwork(m);
  const networks: Record<string, EndpointRequest> = {};
  const req = endpoints?.[m] ?? endpoints?.[net.Name] ?? endpoints?.[net.Id] ?? Object.values(endpoints ?? {})[0];
  const ipv4 = req?.IPAMConfig?.IPv4Address || undefined;
  if (ipv4 && net.isDefault) throw invalidArgument('user specified IP address is supported on user defined networks only');
  if ((req?.Aliases?.length ?? 0) > 0 && net.isDefault) throw invalidArgument('network-scoped alias is supported only for containers in user defined networks');
  networks[net.Id] = { aliases: req?.Aliases ?? [], ipv4 };
  const membership = { containerId: id, networks };
  svc.memberships.set(id, membership);
  await svc.saveMembership(membership);
}

export async function forgetContainer(svc: NetworkService, id: string): Promise<void> {
  svc.memberships.delete(id);
  await rm(join(svc.membershipDir, `${id}.json`), { force: true });
}

/** Makes the sandbox; returns the namespace path for runc. Undoes what it did on failure. */
export async function setUpSandbox(svc: NetworkService, c: SandboxRequest): Promise<string> {
  const membership = svc.memberships.get(c.id) ?? { containerId: c.id, networks: { [svc.resolve('bridge').Id]: { aliases: [] } } };
  const ns = svc.netnsName(c.id);
  await hostLinksReleased(svc, c.id); // the last run's veths
  const leftovers = await presentLeftovers(ns, hostIfsOf(svc, c.id, Object.keys(membership.networks))); // of a crash
  if (leftovers.netns || leftovers.links.length > 0) await deleteNetnsAndLinks(ns, leftovers.links);
  const path = c.pid ? await attachNetns(ns, c.pid) : await addNetns(ns);
  try {
    const joined: Array<{ net: NetworkRecord; ep: EndpointRecord }> = [];
    let first = true;
    for (const [netId, req] of Object.entries(membership.networks)) {
      const net = svc.records.get(netId);
      if (!net) throw noSuchNetwork(netId);
      const ep = await joinNetwork(svc, net, c, req, ns, first);
      joined.push({ net, ep });
      first = false;
    }
    await writeNetworkFiles(svc, c, joined);
    const ip = joined[0]?.ep.ip;
    if (ip) await publishPorts(svc, c, ip);
    else await atomicWriteJson(join(svc.sandboxDir, `${c.id}.json`), { containerId: c.id, ports: [], request: c } satisfies SandboxFile);
    return path;
  } catch (err) {
    await tearDownSandbox(svc, c.id);
    throw err;
  }
}

async function joinNetwork(svc: NetworkService, net: NetworkRecord, c: { id: string; name: string }, req: EndpointRequest, ns: string, defaultRoute: boolean): Promise<EndpointRecord> {
  return svc.locks.run(`net:${net.Id}`, async () => {
    const ipam = svc.ipamOf(net);
    let ip: string;
    try {
      ip = ipam.allocate(req.ipv4);
    } catch (err) {
      if (err instanceof IpamError) throw invalidArgument(err.message);
      throw err;
    }
    const ifname = `eth${countEndpoints(svc, c.id)}`;
    const ep: EndpointRecord = {
      containerId: c.id,
      containerName: c.name,
      endpointId: randomBytes(32).toString('hex'),
      ip,
      mac: macFor(ip),
      aliases: req.aliases,
      ifname,
      hostIf: svc.hostIfFor(c.id, net.Id),
    };
    net.endpoints[c.id] = ep;
    await svc.save(net); // the lease is on disk before the device exists: a crash leaves a lease init() releases
    try {
      await attachVeth({ netns: ns, hostIf: ep.hostIf, bridge: net.bridge, ifname, addressCidr: `${ip}/${net.subnet.split('/')[1]}`, gateway: net.gateway, defaultRoute, mac: ep.mac });
    } catch (err) {
      delete net.endpoints[c.id];
      ipam.release(ip);
      await svc.save(net);
      throw err;
    }
    svc.events?.emit('network', 'connect', net.Id, { container: c.id, name: net.Name, type: net.Driver });
    return ep;
  });
}

function countEndpoints(svc: NetworkService, id: string): number {
  return [...svc.records.values()].filter((r) => r.endpoints[id]).length;
}

/** Docker's MAC scheme: 02:42 followed by the IPv4 address. */
function macFor(ip: string): string {
  return ['02', '42', ...ip.split('.').map((p) => Number(p).toString(16).padStart(2, '0'))].join(':');
}

async function leaveNetwork(svc: NetworkService, net: NetworkRecord, id: string): Promise<void> {
  await svc.locks.run(`net:${net.Id}`, async () => {
    const ep = net.endpoints[id];
    if (!ep) return;
    delete net.endpoints[id];
    svc.ipamOf(net).release(ep.ip);
    await svc.save(net);
    svc.events?.emit('network', 'disconnect', net.Id, { container: id, name: net.Name, type: net.Driver });
  });
}

/** The host-side veth names a container has (or would have) on its networks. */
function hostIfsOf(svc: NetworkService, id: string, more: string[] = []): string[] {
  const netIds = new Set([...more, ...[...svc.records.values()].filter((r) => r.endpoints[id]).map((r) => r.Id)]);
  return [...netIds].map((netId) => svc.hostIfFor(id, netId));
}

/**
 * Removes the namespace, the leases and the published ports; the host ends of the veths follow in the background
 * (hostLinksReleased). Idempotent.
 *
 * The kernel would delete the veths with the namespace, but lazily, and their names would stay taken for a moment
 * (a quick restart would fail with "File exists"); deleting them ourselves waits for an RCU grace period, ~14 ms
 * here, which is not worth holding an exit (and `docker run --rm`) for. A start of the same container and a
 * removal wait for it.
 */
export async function tearDownSandbox(svc: NetworkService, id: string): Promise<void> {
  const bound = portsOf(svc).get(id) ?? [];
  portsOf(svc).delete(id);
  await Promise.all(bound.map((p) => p.close().catch(() => {})));
  const hostIfs = hostIfsOf(svc, id);
  await removeNetns(svc.netnsName(id));
  if (hostIfs.length > 0) {
    const pending = linkDeletesOf(svc);
    const gone: Promise<void> = Promise.all([pending.get(id), deleteLinks(hostIfs)]).then(() => {
      if (pending.get(id) === gone) pending.delete(id);
    });
    pending.set(id, gone);
  }
  for (const net of svc.records.values()) await leaveNetwork(svc, net, id);
  await rm(join(svc.sandboxDir, `${id}.json`), { force: true });
}

const linkDeletes = new WeakMap<NetworkService, Map<string, Promise<void>>>();
function linkDeletesOf(svc: NetworkService): Map<string, Promise<void>> {
  let m = linkDeletes.get(svc);
  if (!m) linkDeletes.set(svc, (m = new Map()));
  return m;
}

/** Resolves once the host ends of the container's last sandbox are deleted. */
export function hostLinksReleased(svc: NetworkService, id: string): Promise<void> {
  return linkDeletesOf(svc).get(id) ?? Promise.resolve();
}

async function publishPorts(svc: NetworkService, c: SandboxRequest, ip: string, previous?: PortMapping[]): Promise<void> {
  const requests = previous
    ? previous.map((p) => ({ ...p, candidates: [p.hostPort] }))
    : portRequests(c.portBindings, c.exposedPorts, c.publishAll).map((r) => ({ ...r, containerIp: ip }));
  const bound: BoundPort[] = [];
  portsOf(svc).set(c.id, bound);
  for (const r of requests) {
    let lastErr: unknown;
    let ok = false;
    for (const port of r.candidates) {
      try {
        bound.push(await openPort({ protocol: r.protocol, hostIp: r.hostIp, hostPort: port, containerIp: ip, containerPort: r.containerPort }));
        ok = true;
        break;
      } catch (err) {
        lastErr = err;
      }
    }
    if (!ok) {
      const what = `${r.hostIp || '0.0.0.0'}:${r.candidates.length > 1 ? `${r.candidates[0]}-${r.candidates.at(-1)}` : r.candidates[0]}`;
      throw new BerthError('internal', 'ERR_PORT_BIND', `driver failed programming external connectivity on endpoint ${c.name}: Bind for ${what} failed: port is already allocated (${(lastErr as Error)?.message ?? ''})`);
    }
  }
  const file: SandboxFile = { containerId: c.id, ports: bound.map(({ close: _c, ...m }) => m), request: c };
  await atomicWriteJson(join(svc.sandboxDir, `${c.id}.json`), file);
}

/** After a daemon restart: the running container's published ports listen again. */
export async function reopenPorts(svc: NetworkService, id: string, name: string): Promise<void> {
  const file = await readSandboxFile(svc, id);
  if (!file?.ports.length) return;
  const ip = file.ports[0]!.containerIp;
  await publishPorts(svc, file.request ?? ({ id, name } as SandboxRequest), ip, file.ports).catch((err: unknown) => svc.log.warn('re-publishing ports failed', { container: id, err }));
}

function readSandboxFile(svc: NetworkService, id: string): Promise<SandboxFile | null> {
  return readFile(join(svc.sandboxDir, `${id}.json`), 'utf8').then((t) => JSON.parse(t) as SandboxFile, () => null);
}

/** A running container joined or left a network: its /etc/hosts and resolv.conf say so at once (written in place: they are bind mounts). */
async function rewriteNetworkFiles(svc: NetworkService, id: string): Promise<void> {
  const file = await readSandboxFile(svc, id);
  const membership = svc.memberships.get(id);
  if (!file?.request || !membership) return;
  const joined = Object.keys(membership.networks)
    .map((netId) => svc.records.get(netId))
    .filter((net): net is NetworkRecord => net?.endpoints[id] !== undefined)
    .map((net) => ({ net, ep: net.endpoints[id]! }));
  await writeNetworkFiles(svc, file.request, joined);
}

async function writeNetworkFiles(svc: NetworkService, c: SandboxRequest, joined: Array<{ net: NetworkRecord; ep: EndpointRecord }>): Promise<void> {
  const fqdn = c.domainname ? `${c.hostname}.${c.domainname} ${c.hostname}` : c.hostname;
  const hosts = [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'ff00::0\tip6-mcastprefix',
    'ff02::1\tip6-allnodes',
    'ff02::2\tip6-allrouters',
    ...c.extraHosts.map((h) => {
      const i = h.indexOf(':');
      return `${h.slice(i + 1)}\t${h.slice(0, i)}`;
    }),
    ...joined.map((j) => `${j.ep.ip}\t${fqdn}`),
    '',
  ].join('\n');
  const user = joined.find((j) => !j.net.isDefault);
  let nameservers: string[];
  let rest: string[] = [];
  if (c.dns.length) nameservers = c.dns;
  else if (user) nameservers = [user.net.gateway];
  else {
    const host = await readFile('/etc/resolv.conf', 'utf8').catch(() => '');
    nameservers = [...host.matchAll(/^\s*nameserver\s+(\S+)/gm)].map((m) => m[1]!).filter((n) => !/^(127\.|::1$)/.test(n));
    rest = host.split('\n').filter((l) => /^\s*(search|options)\s/.test(l));
    if (!nameservers.length) nameservers = ['8.8.8.8', '8.8.4.4'];
  }
  if (c.dnsSearch.length) rest = [...rest.filter((l) => !/^\s*search\s/.test(l)), `search ${c.dnsSearch.join(' ')}`];
  if (c.dnsOptions.length) rest = [...rest.filter((l) => !/^\s*options\s/.test(l)), `options ${c.dnsOptions.join(' ')}`];
  if (user && !c.dns.length && !rest.some((l) => /^\s*options\s/.test(l))) rest.push('options ndots:0');
  const resolv = [...nameservers.map((n) => `nameserver ${n}`), ...rest, ''].join('\n');
  await Promise.all([writeFile(c.hostsPath, hosts), writeFile(c.resolvConfPath, resolv)]);
  void svc;
}

/** Docker's NetworkSettings of a container (inspect). */
export function networkSettings(svc: NetworkService, id: string, mode: string | undefined): Record<string, unknown> {
  const networks: Record<string, unknown> = {};
  let primary: { ep: EndpointRecord; net: NetworkRecord } | undefined;
  const membership = svc.memberships.get(id);
  const m = mode || 'default';
  for (const net of svc.records.values()) {
    const ep = net.endpoints[id];
    const req = membership?.networks[net.Id];
    if (!ep && !req) continue;
    if (ep && !primary) primary = { ep, net };
    const prefix = Number(net.subnet.split('/')[1]);
    networks[net.Name] = {
      IPAMConfig: req?.ipv4 ? { IPv4Address: req.ipv4 } : null,
      Links: null,
      Aliases: req?.aliases.length ? req.aliases : null,
      MacAddress: ep?.mac ?? '',
      DriverOpts: null,
      NetworkID: net.Id,
      EndpointID: ep?.endpointId ?? '',
      Gateway: ep ? net.gateway : '',
      IPAddress: ep?.ip ?? '',
      IPPrefixLen: ep ? prefix : 0,
      IPv6Gateway: '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      DNSNames: ep && !net.isDefault ? [ep.containerName, ...ep.aliases, id.slice(0, 12)] : null,
    };
  }
  if (m === 'host' || m === 'none') networks[m] = { NetworkID: svc.all().find((n) => n.Name === m)?.Id ?? '', EndpointID: '', Gateway: '', IPAddress: '', IPPrefixLen: 0, MacAddress: '' };
  const ports: Record<string, Array<{ HostIp: string; HostPort: string }> | null> = {};
  for (const p of portsOf(svc).get(id) ?? []) {
    const key = `${p.containerPort}/${p.protocol}`;
    (ports[key] ??= []).push({ HostIp: p.hostIp || '0.0.0.0', HostPort: String(p.hostPort) });
  }
  const onDefault = primary?.net.isDefault;
  return {
    Bridge: '',
    SandboxID: primary ? svc.netnsName(id) : '',
    SandboxKey: primary ? netnsPath(svc.netnsName(id)) : '',
    HairpinMode: false,
    LinkLocalIPv6Address: '',
    LinkLocalIPv6PrefixLen: 0,
    Ports: ports,
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: onDefault ? primary!.ep.endpointId : '',
    Gateway: onDefault ? primary!.net.gateway : '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    IPAddress: onDefault ? primary!.ep.ip : '',
    IPPrefixLen: onDefault ? Number(primary!.net.subnet.split('/')[1]) : 0,
    IPv6Gateway: '',
    MacAddress: onDefault ? primary!.ep.mac : '',
    Networks: networks,
  };
}

/** `docker network connect`: remembered for the next start; joined now when the container runs. */
export async function connectContainer(svc: NetworkService, netRef: string, containerRef: string, cfg: { Aliases?: string[] | null; IPAMConfig?: { IPv4Address?: string } | null } | undefined): Promise<void> {
  const net = svc.resolve(netRef);
  const c = svc.containers!.resolve(containerRef);
  const membership = svc.memberships.get(c.id);
  if (!membership) throw invalidArgument(`container ${c.id} is not using a network of its own (host, none or container mode)`);
  if (membership.networks[net.Id]) throw new BerthError('permission-denied', 'ERR_ENDPOINT_EXISTS', `endpoint with name ${c.name} already exists in network ${net.Name}`);
  const req: EndpointRequest = { aliases: cfg?.Aliases ?? [], ipv4: cfg?.IPAMConfig?.IPv4Address || undefined };
  if (net.isDefault && (req.ipv4 || req.aliases.length)) throw invalidArgument('network-scoped alias is supported only for containers in user defined networks');
  if (c.running) await joinNetwork(svc, net, c, req, svc.netnsName(c.id), false);
  membership.networks[net.Id] = req;
  await svc.saveMembership(membership);
  if (c.running) await rewriteNetworkFiles(svc, c.id);
}

export async function disconnectContainer(svc: NetworkService, netRef: string, containerRef: string): Promise<void> {
  const net = svc.resolve(netRef);
  const c = svc.containers!.resolve(containerRef);
  const membership = svc.memberships.get(c.id);
  if (!membership?.networks[net.Id]) throw new BerthError('permission-denied', 'ERR_NOT_CONNECTED', `container ${c.id} is not connected to network ${net.Name}`);
  const ep = net.endpoints[c.id];
  if (ep) await detachVeth(svc.netnsName(c.id), ep.ifname);
  await leaveNetwork(svc, net, c.id);
  delete membership.networks[net.Id];
  await svc.saveMembership(membership);
  if (ep) await rewriteNetworkFiles(svc, c.id);
}
