// Bridges, network namespaces and veth pairs through iproute2 (`ip`), run asynchronously. Measured choice over
// CNI's bridge plugin: a container's whole setup is three `ip` runs (~15 ms) against ~100 ms for the CNI chain
// (building-blocks.md §3a), and nothing is left behind that the plugins would not remove (bridges, chains).
import { access, rm } from 'node:fs/promises';
import { run } from '../common/proc/run.js';
import { umount, MNT_DETACH } from '../common/syscalls.js';

const IP = 'ip';
const NETNS_DIR = '/run/netns';

async function ip(args: string[], input?: string): Promise<void> {
  await run(IP, args, { input, timeoutMs: 15_000 });
}

export function netnsPath(name: string): string {
  return `${NETNS_DIR}/${name}`;
}

/** Creates the bridge (when missing) with the gateway address, up. */
export async function ensureBridge(name: string, gatewayCidr: string): Promise<void> {
  const exists = await run(IP, ['-o', 'link', 'show', 'dev', name], { allowFailure: true });
  if (exists.code !== 0) await run(IP, ['link', 'add', name, 'type', 'bridge'], { allowFailure: true });
  const addrs = await run(IP, ['-o', '-4', 'addr', 'show', 'dev', name]);
  const batch = [];
  if (!addrs.stdout.includes(` ${gatewayCidr} `)) batch.push(`addr add ${gatewayCidr} dev ${name}`);
  batch.push(`link set ${name} up`);
  await ip(['-batch', '-'], batch.join('\n') + '\n');
}

export async function deleteLink(name: string): Promise<void> {
  await run(IP, ['link', 'del', name], { allowFailure: true });
}

export async function listLinks(prefix: string): Promise<string[]> {
  const r = await run(IP, ['-o', 'link', 'show'], { allowFailure: true });
  return r.stdout
    .split('\n')
    .map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1])
    .filter((n): n is string => !!n && n.startsWith(prefix));
}

export async function addNetns(name: string): Promise<string> {
  await ip(['netns', 'add', name]);
  return netnsPath(name);
}

/** Names the network namespace of process `pid` (a bind mount under /run/netns), as `addNetns` names a new one. */
export async function attachNetns(name: string, pid: number): Promise<string> {
  await ip(['netns', 'attach', name, String(pid)]);
  return netnsPath(name);
}

/**
 * What `ip netns del` does, without spawning it: the namespace's bind mount goes (detached) and its file. The
 * kernel then frees the namespace and its devices when nothing else holds it. Missing is not an error.
 */
export async function removeNetns(name: string): Promise<void> {
  const path = netnsPath(name);
  try {
    umount(path, MNT_DETACH);
  } catch (err) {
    if ((err as { code?: string }).code !== 'EINVAL' && (err as { code?: string }).code !== 'ENOENT') throw err;
  }
  await rm(path, { force: true });
}

/** Deletes host links (veth ends) in one `ip` run; missing ones are not an error. */
export async function deleteLinks(names: string[]): Promise<void> {
  if (names.length === 0) return;
  await run(IP, ['-force', '-batch', '-'], { input: names.map((n) => `link del ${n}`).join('\n') + '\n', allowFailure: true, timeoutMs: 15_000 });
}

/** The links among `names` that exist now, and whether the namespace `ns` does (a crash's leftovers). */
export async function presentLeftovers(ns: string, names: string[]): Promise<{ netns: boolean; links: string[] }> {
  const exists = (p: string) => access(p).then(() => true, () => false);
  const [netns, ...present] = await Promise.all([exists(netnsPath(ns)), ...names.map((n) => exists(`/sys/class/net/${n}`))]);
  return { netns: netns!, links: names.filter((_, i) => present[i]) };
}

/**
 * Deletes the host ends of a namespace's veths, then the namespace. The kernel destroys a namespace's devices
 * asynchronously after the namespace goes, so without the explicit deletes a veth name stays taken for a moment
 * and a quick restart of the container fails with "File exists". Missing ones are not an error.
 */
export async function deleteNetnsAndLinks(name: string, hostIfs: string[]): Promise<void> {
  await deleteLinks(hostIfs);
  await removeNetns(name);
}

export async function listNetns(prefix: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  return (await readdir(NETNS_DIR).catch(() => [] as string[])).filter((n) => n.startsWith(prefix));
}

export interface VethPlan {
  netns: string;
  hostIf: string;
  bridge: string;
  ifname: string;
  /** `10.89.0.2/24` */
  addressCidr: string;
  gateway?: string;
  /** Adds the default route via the gateway (only the first network of a container). */
  defaultRoute: boolean;
  mac?: string;
}

/** A veth pair: one end on the bridge, the other as `ifname` in the namespace with its address and route. */
export async function attachVeth(p: VethPlan): Promise<void> {
  await ip(['-batch', '-'], [
    `link add ${p.hostIf} type veth peer name ${p.ifname} netns ${p.netns}${p.mac ? ` address ${p.mac}` : ''}`,
    `link set ${p.hostIf} master ${p.bridge} up`,
    '',
  ].join('\n'));
  const inner = [`addr add ${p.addressCidr} dev ${p.ifname}`, `link set ${p.ifname} up`, 'link set lo up'];
  if (p.defaultRoute && p.gateway) inner.push(`route add default via ${p.gateway} dev ${p.ifname}`);
  await ip(['-n', p.netns, '-batch', '-'], inner.join('\n') + '\n');
}

export async function detachVeth(netns: string, ifname: string): Promise<void> {
  await run(IP, ['-n', netns, 'link', 'del', ifname], { allowFailure: true });
}
