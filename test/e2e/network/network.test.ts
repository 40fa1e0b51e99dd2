// Networking through the real docker CLI against a berthd of the test's own (its own bridge, subnet, pool and
// iptables chains): the default bridge, none/host, published ports, user networks with DNS, the network API, and
// that nothing of ours is left once everything is removed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { exec } from '../../helpers/exec.js';

let d: TestDaemon;
let gateway: string;
before(async () => {
  d = await TestDaemon.start();
  gateway = d.bip.split('/')[0]!;
});
after(async () => {
  await d?.stop();
});

const ok = async (args: string[]) => {
  const r = await d.docker(args);
  assert.equal(r.code, 0, `docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

async function curl(url: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const r = await exec('curl', ['-s', '-m', '3', url]);
    if (r.code === 0) return r.stdout;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`${url} never answered`);
}

const ourNetns = async () => (await readdir('/run/netns').catch(() => [] as string[])).filter((n) => n.startsWith(`${d.bridge}-`));
const ourLinks = async () =>
  (await exec('ip', ['-o', 'link', 'show'])).stdout
    .split('\n')
    .map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1] ?? '')
    .filter((n) => n.startsWith(d.bridge));

test('default bridge: an address in --bip, a default route via the gateway, hosts and resolv.conf', async () => {
  const out = await ok(['run', '--rm', '--hostname', 'h1', '--dns', '10.0.0.2', '--dns-search', 'corp', '--add-host', 'foo:10.0.0.5', 'busybox', 'sh', '-c', 'ip -o -4 addr show eth0; ip route; cat /etc/hosts /etc/resolv.conf']);
  const prefix = gateway.split('.').slice(0, 3).join('.');
  assert.match(out, new RegExp(`eth0\\s+inet ${prefix.replace(/\./g, '\\.')}\\.\\d+/24`));
  assert.match(out, new RegExp(`default via ${gateway.replace(/\./g, '\\.')} dev eth0`));
  assert.match(out, new RegExp(`${prefix.replace(/\./g, '\\.')}\\.\\d+\\th1\\n`));
  assert.match(out, /10\.0\.0\.5\tfoo/);
  assert.match(out, /nameserver 10\.0\.0\.2\n/);
  assert.match(out, /search corp/);
  assert.doesNotMatch(out, /nameserver 127\./);
});

test('the gateway answers from inside (a container reaches the host through its bridge)', async () => {
  const out = await ok(['run', '--rm', 'busybox', 'ping', '-c1', '-W2', gateway]);
  assert.match(out, /1 packets received/);
});

test('none has only lo; host sees the host\'s interfaces (our bridge among them)', async () => {
  const none = await ok(['run', '--rm', '--network', 'none', 'busybox', 'ip', '-o', 'link']);
  assert.deepEqual(none.trim().split('\n').map((l) => l.split(':')[1]!.trim()), ['lo']);
  const host = await ok(['run', '--rm', '--network', 'host', 'busybox', 'ip', '-o', 'link']);
  assert.match(host, new RegExp(`: ${d.bridge}:`));
});

test('published ports answer on 127.0.0.1 and the gateway address, from the host and from a container (hairpin)', async () => {
  await ok(['run', '-d', '--name', 'web', '-p', '127.0.0.1::80', '-p', '0:81', '-p', '53/udp', 'busybox', 'sh', '-c', 'echo hello > /tmp/i; httpd -f -p 80 -h /tmp & httpd -f -p 81 -h /tmp & wait']);
  const ports = await ok(['port', 'web']);
  const tcp80 = /80\/tcp -> 127\.0\.0\.1:(\d+)/.exec(ports)?.[1];
  const tcp81 = /81\/tcp -> 0\.0\.0\.0:(\d+)/.exec(ports)?.[1];
  assert.ok(tcp80 && tcp81, ports);
  assert.match(ports, /53\/udp -> 0\.0\.0\.0:\d+/);
  assert.equal(await curl(`http://127.0.0.1:${tcp80}/i`), 'hello\n');
  assert.equal(await curl(`http://127.0.0.1:${tcp81}/i`), 'hello\n');
  assert.equal(await curl(`http://${gateway}:${tcp81}/i`), 'hello\n');
  assert.equal(await ok(['port', 'web', '80']), `127.0.0.1:${tcp80}\n`);
  const hairpin = await ok(['run', '--rm', 'busybox', 'wget', '-qO-', `http://${gateway}:${tcp81}/i`]);
  assert.equal(hairpin, 'hello\n');
  const inspect = JSON.parse(await ok(['inspect', '-f', '{{json .NetworkSettings}}', 'web'])) as { Ports: Record<string, Array<{ HostIp: string; HostPort: string }>>; IPAddress: string; Networks: Record<string, { IPAddress: string }> };
  assert.deepEqual(inspect.Ports['80/tcp'], [{ HostIp: '127.0.0.1', HostPort: tcp80 }]);
  assert.equal(inspect.Networks.bridge!.IPAddress, inspect.IPAddress);
  await ok(['rm', '-f', 'web']);
  assert.notEqual((await exec('curl', ['-s', '-m', '2', `http://127.0.0.1:${tcp81}/i`])).code, 0);
});

test('-P publishes every exposed port on a random host port; a range maps port for port', async () => {
  await ok(['run', '-d', '--name', 'pall', '--expose', '80', '--expose', '81', '-P', '-p', '127.0.0.1::82-83', 'busybox', 'sh', '-c', 'echo p > /tmp/i; for p in 80 81 82 83; do httpd -f -p $p -h /tmp & done; wait']);
  const ports = await ok(['port', 'pall']);
  for (const p of [80, 81]) {
    const host = new RegExp(`${p}/tcp -> 0\\.0\\.0\\.0:(\\d+)`).exec(ports)?.[1];
    assert.ok(host, ports);
    assert.equal(await curl(`http://127.0.0.1:${host}/i`), 'p\n');
  }
  const r82 = Number(/82\/tcp -> 127\.0\.0\.1:(\d+)/.exec(ports)?.[1]);
  const r83 = Number(/83\/tcp -> 127\.0\.0\.1:(\d+)/.exec(ports)?.[1]);
  assert.ok(r82 > 0 && r83 > 0, ports);
  assert.equal(await curl(`http://127.0.0.1:${r83}/i`), 'p\n');
  await ok(['rm', '-f', 'pall']);
});

test('a port already taken is refused with Docker\'s wording', async () => {
  await ok(['run', '-d', '--name', 'p1', '-p', '127.0.0.1::80', 'busybox', 'sleep', '60']);
  const port = /-> 127\.0\.0\.1:(\d+)/.exec(await ok(['port', 'p1']))![1]!;
  const r = await d.docker(['run', '--rm', '-p', `127.0.0.1:${port}:80`, 'busybox', 'true']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /port is already allocated/);
  await ok(['rm', '-f', 'p1']);
});

test('user networks: names, aliases and ids resolve on the same network, not across networks', async () => {
  await ok(['network', 'create', 'appnet']);
  await ok(['network', 'create', '--internal', '--label', 'team=x', 'othernet']);
  await ok(['run', '-d', '--network', 'appnet', '--name', 'db', '--network-alias', 'database', 'busybox', 'sleep', '1d']);
  const dbIp = (await ok(['inspect', '-f', '{{.NetworkSettings.Networks.appnet.IPAddress}}', 'db'])).trim();
  assert.match(dbIp, /^10\.\d+\.\d+\.\d+$/);
  const same = await ok(['run', '--rm', '--network', 'appnet', 'busybox', 'sh', '-c', 'nslookup db; nslookup database; ping -c1 -W2 db']);
  assert.equal(same.split(`Address: ${dbIp}`).length - 1, 2, same);
  assert.match(same, /1 packets received/);
  const other = await d.docker(['run', '--rm', '--network', 'othernet', 'busybox', 'sh', '-c', `nslookup db; ping -c1 -W1 ${dbIp}`]);
  assert.notEqual(other.code, 0);
  assert.doesNotMatch(other.stdout, new RegExp(`Address: ${dbIp.replace(/\./g, '\\.')}`));
  assert.match(other.stdout, /0 packets received/);
  // connect with an alias: now reachable by that alias from othernet
  await ok(['network', 'connect', '--alias', 'second', 'othernet', 'db']);
  const connected = await ok(['run', '--rm', '--network', 'othernet', 'busybox', 'nslookup', 'second']);
  assert.match(connected, /Address: 10\./);
  // db runs on: its hosts file names it on both networks at once, and it resolves names of its new network too.
  const hostsPath = (await ok(['inspect', '-f', '{{.HostsPath}}', 'db'])).trim();
  const secondIp = (await ok(['inspect', '-f', '{{.NetworkSettings.Networks.othernet.IPAddress}}', 'db'])).trim();
  assert.match(await readFile(hostsPath, 'utf8'), new RegExp(`${secondIp.replace(/\./g, '\\.')}\\s`));
  await ok(['run', '-d', '--network', 'othernet', '--name', 'onlyother', 'busybox', 'sleep', '60']);
  await ok(['run', '-d', '--network', 'appnet', '--name', 'asker', 'busybox', 'sh', '-c', 'while true; do nslookup onlyother 2>&1 | grep -A1 "^Name:"; sleep 0.3; done']);
  await ok(['network', 'connect', 'othernet', 'asker']);
  const otherIp = (await ok(['inspect', '-f', '{{.NetworkSettings.Networks.othernet.IPAddress}}', 'onlyother'])).trim();
  let seen = '';
  for (let i = 0; i < 50 && !seen.includes(`Address: ${otherIp}`); i++) {
    await new Promise((r) => setTimeout(r, 200));
    seen = await ok(['logs', 'asker']);
  }
  assert.match(seen, new RegExp(`Address: ${otherIp.replace(/\./g, '\\.')}`), 'a connected container resolves names of the network it joined');
  await ok(['rm', '-f', 'asker', 'onlyother']);
  await ok(['network', 'disconnect', 'othernet', 'db']);
  assert.doesNotMatch(await readFile(hostsPath, 'utf8'), new RegExp(`${secondIp.replace(/\./g, '\\.')}\\s`));
  const ls = await ok(['network', 'ls', '--filter', 'label=team=x', '--format', '{{.Name}}']);
  assert.equal(ls, 'othernet\n');
  const rm = await d.docker(['network', 'rm', 'appnet']);
  assert.equal(rm.code, 1);
  assert.match(rm.stderr, /has active endpoints/);
  const inspect = JSON.parse(await ok(['network', 'inspect', 'appnet'])) as Array<{ Containers: Record<string, { Name: string }> }>;
  assert.deepEqual(Object.values(inspect[0]!.Containers).map((c) => c.Name), ['db']);
  await ok(['rm', '-f', 'db']);
  await ok(['network', 'rm', 'appnet']);
  const pruned = await ok(['network', 'prune', '-f']);
  assert.match(pruned, /othernet/);
});

test('IPAM: subnet, ip-range, static --ip, no duplicates', async () => {
  const base = d.pool.split('=')[1]!.split('.').slice(0, 2).join('.');
  const third = Number(d.pool.split('.')[2]) + 9;
  const subnet = `${base}.${third}.0/24`;
  await ok(['network', 'create', '--subnet', subnet, '--gateway', `${base}.${third}.254`, '--ip-range', `${base}.${third}.64/26`, 'ipnet']);
  await ok(['run', '-d', '--network', 'ipnet', '--ip', `${base}.${third}.10`, '--name', 's1', 'busybox', 'sleep', '60']);
  assert.equal((await ok(['inspect', '-f', '{{.NetworkSettings.Networks.ipnet.IPAddress}}', 's1'])).trim(), `${base}.${third}.10`);
  const dup = await d.docker(['run', '--rm', '--network', 'ipnet', '--ip', `${base}.${third}.10`, 'busybox', 'true']);
  assert.notEqual(dup.code, 0);
  assert.match(dup.stderr, /Address already in use/);
  const dyn = await ok(['run', '--rm', '--network', 'ipnet', 'busybox', 'sh', '-c', 'ip -o -4 addr show eth0; ip route']);
  assert.match(dyn, new RegExp(`inet ${base.replace('.', '\\.')}\\.${third}\\.6\\d/24`));
  assert.match(dyn, new RegExp(`default via ${base.replace('.', '\\.')}\\.${third}\\.254`));
  const overlap = await d.docker(['network', 'create', '--subnet', subnet, 'ipnet2']);
  assert.notEqual(overlap.code, 0);
  assert.match(overlap.stderr, /overlaps/);
  await ok(['rm', '-f', 's1']);
  await ok(['network', 'rm', 'ipnet']);
});

test('after removing everything nothing of ours is left: no netns, veth, removed bridge, rule or lease', async () => {
  await ok(['network', 'create', 'gone']);
  await ok(['run', '-d', '--network', 'gone', '--name', 'g1', '-p', '127.0.0.1::80', 'busybox', 'sleep', '60']);
  await ok(['run', '-d', '--name', 'g2', 'busybox', 'sleep', '60']);
  assert.equal((await ourNetns()).length, 2);
  const goneBridge = (await ourLinks()).find((l) => l !== d.bridge && l.startsWith(`${d.bridge}-`));
  assert.ok(goneBridge);
  await ok(['rm', '-f', 'g1', 'g2']);
  await ok(['network', 'rm', 'gone']);
  assert.deepEqual(await ourNetns(), []);
  assert.deepEqual(await ourLinks(), [d.bridge]); // only the default bridge: no veths, no removed network's bridge
  const rules = (await exec('iptables', ['-w', '-S'])).stdout + (await exec('iptables', ['-w', '-t', 'nat', '-S'])).stdout;
  assert.doesNotMatch(rules, new RegExp(goneBridge!));
  const networksDir = join(d.dataRoot, 'networks');
  for (const f of (await readdir(networksDir)).filter((x) => x.endsWith('.json'))) {
    assert.deepEqual(JSON.parse(await readFile(join(networksDir, f), 'utf8')).endpoints, {}, f);
  }
  assert.deepEqual(await readdir(join(networksDir, 'sandboxes')), []);
});
