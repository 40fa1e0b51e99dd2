// The engines the benchmark compares. Each start(dir, options) returns { env, cli?, stop(), cleanup() } or
// undefined when the engine is not installed. Every engine gets its own temporary roots and socket.
//   options.network: true to give the engine its default bridge networking (dockerd otherwise runs with
//   --bridge=none --iptables=false, so it touches no host interface or firewall rule).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');

export const env0 = { ...process.env };
delete env0.NODE_EXTRA_CA_CERTS;
delete env0.DOCKER_CONTEXT;

const which = (c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0;
const socketUp = (path) => new Promise((res) => {
  const s = connect(path);
  s.once('connect', () => { s.destroy(); res(true); });
  s.once('error', () => res(false));
});
async function waitSocket(path, ms, child, name) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`${name} exited early (${child.exitCode})`);
    if (await socketUp(path)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} did not come up within ${ms} ms`);
}

function stopChild(child) {
  return new Promise((res) => {
    if (child.exitCode !== null) return res();
    const t = setTimeout(() => child.kill('SIGKILL'), 15000);
    child.once('exit', () => { clearTimeout(t); res(); });
    child.kill('SIGTERM');
  });
}

export const engines = {
  async berth(dir, options = {}) {
    const node = existsSync(join(REPO, 'node_modules/node/bin/node')) ? join(REPO, 'node_modules/node/bin/node') : process.execPath;
    const sock = join(dir, 'run/berth.sock');
    const cgroupParent = `/berth-bench-${process.pid}`;
    // Its own bridge, subnet and pool (every device, namespace and iptables chain of a berthd is named after its
    // bridge), removed by cleanupEngine.
    const bridge = `bb${(process.pid % 0xffffff).toString(16)}`;
    const net = ['--bridge', bridge, '--bip', `10.117.${process.pid % 256}.1/24`, '--default-address-pool', `base=10.116.${(process.pid % 16) * 16}.0/20,size=24`];
    const args = ['--data-root', join(dir, 'data'), '--exec-root', join(dir, 'run'), '--cgroup-parent', cgroupParent, '--log-level', 'warn', ...net, ...(options.berthArgs ?? [])];
    // BENCH_BERTHD_NODE_ARGS: extra node flags for berthd, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile a case
    const nodeArgs = (process.env.BENCH_BERTHD_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(node, [...nodeArgs, join(REPO, 'dist/bundle/berthd.mjs'), ...args], { stdio: 'ignore', env: env0 });
    await waitSocket(sock, 15000, child, 'berthd');
    return { env: { ...env0, DOCKER_HOST: `unix://${sock}` }, stop: () => stopChild(child), cgroupParent, runcRoot: join(dir, 'run/runc'), runtime: options.runtime ?? (which('crun') ? 'crun' : 'runc'), bridge };
  },
  /** berthd on runc (--runtime; its default is crun where installed): runc compiles the seccomp filter again per exec. */
  async 'berth-runc'(dir, options = {}) {
    return engines.berth(dir, { ...options, berthArgs: [...(options.berthArgs ?? []), '--runtime', '/usr/sbin/runc'], runtime: 'runc' });
  },
  async dockerd(dir, options = {}) {
    if (!which('dockerd')) return undefined;
    const sock = join(dir, 'docker.sock');
    const net = options.network ? [] : ['--bridge=none', '--iptables=false', '--ip6tables=false'];
    const args = ['--data-root', join(dir, 'data'), '--exec-root', join(dir, 'exec'), '-H', `unix://${sock}`, '--pidfile', join(dir, 'docker.pid'), ...net, '--containerd-namespace', `bench${process.pid}`, '--containerd-plugins-namespace', `benchp${process.pid}`, ...(options.dockerdArgs ?? [])];
    // With networking, dockerd makes docker0 and its DOCKER* chains and leaves them when it stops: they are removed
    // afterwards, but only when this run made them (none existed before).
    const ownsDockerNet = !!options.network && !/DOCKER/.test(spawnSync('iptables', ['-w', '-S']).stdout?.toString() ?? '') && !existsSync('/sys/class/net/docker0');
    const child = spawn('dockerd', args, { stdio: 'ignore', env: env0 });
    await waitSocket(sock, 60000, child, 'dockerd');
    return { env: { ...env0, DOCKER_HOST: `unix://${sock}` }, stop: () => stopChild(child), ownsDockerNet };
  },
  async podman(dir) {
    if (!which('podman')) return undefined;
    const sock = join(dir, 'podman.sock');
    const base = ['--root', join(dir, 'root'), '--runroot', join(dir, 'runroot'), '--tmpdir', join(dir, 'tmp')];
    // Podman's default_ulimits ask for nofile/nproc above this machine's hard limits (runc then refuses to start
    // the container): an empty list keeps the host's limits, as dockerd and berthd do.
    writeFileSync(join(dir, 'containers.conf'), '[containers]\ndefault_ulimits = []\n');
    const env = { ...env0, CONTAINERS_CONF: join(dir, 'containers.conf') };
    const child = spawn('podman', [...base, 'system', 'service', '--time=0', `unix://${sock}`], { stdio: 'ignore', env });
    await waitSocket(sock, 30000, child, 'podman');
    // docker CLI 28's attach upgrade gets "409" from podman 4.3's compat API, so podman runs with its own CLI.
    return { env: { ...env, DOCKER_HOST: `unix://${sock}` }, stop: () => stopChild(child), cli: ['podman', base] };
  },
};

/** Seeds busybox:latest from the host's busybox-static through the engine's own import. */
export function seedBusybox(e) {
  const cli = e.cli ? `${e.cli[0]} ${e.cli[1].join(' ')}` : 'docker';
  const r = spawnSync('sh', ['-c', `${join(REPO, 'scripts/busybox-rootfs.sh')} - | ${cli} import --change 'CMD ["sh"]' - busybox:latest`], { env: e.env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`seeding busybox failed: ${r.stderr}`);
}

/** Removes what an engine left under dir: runc containers, mounts, its cgroups, the directory. */
export async function cleanupEngine(e, dir) {
  const rt = e?.runtime ?? 'runc';
  if (e?.runcRoot) spawnSync('sh', ['-c', `for c in $(${rt} --root ${e.runcRoot} list -q 2>/dev/null); do ${rt} --root ${e.runcRoot} delete -f $c; done`]);
  const umountAll = () => spawnSync('sh', ['-c', `awk '{print $2}' /proc/self/mounts | grep '^${dir}/' | sort -r | xargs -r -n1 umount -l`]);
  umountAll();
  if (e?.bridge) {
    const b = e.bridge;
    spawnSync('sh', ['-c', `for n in $(ls /run/netns 2>/dev/null | grep '^${b}-'); do ip netns del $n; done; for l in $(ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -E '^${b}(-|$)'); do ip link del $l; done; ` +
      `for t in 'filter FORWARD BERTH-FWD' 'nat POSTROUTING BERTH-NAT'; do set -- $t; while iptables -w -t $1 -D $2 -j $3-${b} 2>/dev/null; do :; done; iptables -w -t $1 -F $3-${b} 2>/dev/null; iptables -w -t $1 -X $3-${b} 2>/dev/null; done; true`]);
  }
  if (e?.ownsDockerNet) {
    spawnSync('sh', ['-c', 'ip link del docker0 2>/dev/null; ' +
      'for t in filter nat; do iptables -w -t $t -S | grep -E "^-A (FORWARD|PREROUTING|OUTPUT|POSTROUTING) .*(docker0|DOCKER)" | cut -c4- | while read -r r; do eval iptables -w -t $t -D $r; done; ' +
      'for c in $(iptables -w -t $t -S | awk \'/^-N DOCKER/ {print $2}\'); do iptables -w -t $t -F $c; done; ' +
      'for c in $(iptables -w -t $t -S | awk \'/^-N DOCKER/ {print $2}\'); do iptables -w -t $t -X $c; done; done; true']);
  }
  if (e?.cgroupParent) spawnSync('sh', ['-c', `for c in /sys/fs/cgroup/*${e.cgroupParent}; do [ -d "$c" ] && find "$c" -depth -type d -exec rmdir {} + ; done 2>/dev/null; true`]);
  for (let i = 0; i < 5; i++) {
    umountAll();
    try {
      rmSync(dir, { recursive: true, force: true });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
