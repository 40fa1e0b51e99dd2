#!/usr/bin/env node
// Side-by-side benchmark: the same docker CLI against berthd and, where installed, dockerd and podman
// (podman's Docker-compatible API service). Each engine runs with its own temporary roots and socket, seeded with
// the same busybox image built from the host's busybox-static. Prints medians and ratios against dockerd.
//
//   node bench/run.mjs [--runs 20] [--ps 200] [--engines berth,dockerd,podman] [--json out.json]
//
// Cases:
//   run       docker run --rm --network none busybox true        (sequential, median of --runs; podman: its own CLI)
//   ps        docker ps -a with --ps containers created            (median of --runs)
// Containers run with --network none everywhere: the default-bridge comparison belongs to the networking issue.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const RUNS = Number(opt('runs', '20'));
const PS_COUNT = Number(opt('ps', '200'));
const ENGINES = opt('engines', 'berth,dockerd,podman').split(',');
const JSON_OUT = opt('json', undefined);

const env0 = { ...process.env };
delete env0.NODE_EXTRA_CA_CERTS;
delete env0.DOCKER_CONTEXT;

function sh(cmd, argv, env, input) {
  const r = spawnSync(cmd, argv, { env, input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}
function timeOnce(argv, env, cli = ['docker', []]) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cli[0], [...cli[1], ...argv], { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`docker ${argv.join(' ')} failed: ${r.stderr}`);
  return ms;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))];
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
const which = (c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0;

/** Each engine: start() -> { env, stop() }. */
const engines = {
  async berth(dir) {
    const node = existsSync(join(REPO, 'node_modules/node/bin/node')) ? join(REPO, 'node_modules/node/bin/node') : process.execPath;
    const sock = join(dir, 'run/berth.sock');
    const child = spawn(node, [join(REPO, 'dist/bundle/berthd.mjs'), '--data-root', join(dir, 'data'), '--exec-root', join(dir, 'run'), '--cgroup-parent', `/berth-bench-${process.pid}`, '--log-level', 'warn'], { stdio: 'ignore', env: env0 });
    await waitSocket(sock, 15000, child, 'berthd');
    return { env: { ...env0, DOCKER_HOST: `unix://${sock}` }, stop: () => stopChild(child), cgroupParent: `/berth-bench-${process.pid}`, runcRoot: join(dir, 'run/runc'), roots: [dir] };
  },
  async dockerd(dir) {
    if (!which('dockerd')) return undefined;
    const sock = join(dir, 'docker.sock');
    const child = spawn('dockerd', ['--data-root', join(dir, 'data'), '--exec-root', join(dir, 'exec'), '-H', `unix://${sock}`, '--pidfile', join(dir, 'docker.pid'), '--bridge=none', '--iptables=false', '--ip6tables=false', '--containerd-namespace', `bench${process.pid}`, '--containerd-plugins-namespace', `benchp${process.pid}`], { stdio: 'ignore', env: env0 });
    await waitSocket(sock, 60000, child, 'dockerd');
    return { env: { ...env0, DOCKER_HOST: `unix://${sock}` }, stop: () => stopChild(child), roots: [dir] };
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
    return { env: { ...env, DOCKER_HOST: `unix://${sock}` }, stop: () => stopChild(child), roots: [dir], cli: ['podman', base] };
  },
};

function stopChild(child) {
  return new Promise((res) => {
    if (child.exitCode !== null) return res();
    const t = setTimeout(() => child.kill('SIGKILL'), 15000);
    child.once('exit', () => { clearTimeout(t); res(); });
    child.kill('SIGTERM');
  });
}

function seedBusybox(env) {
  const r = spawnSync('sh', ['-c', `${join(REPO, 'scripts/busybox-rootfs.sh')} - | docker import --change 'CMD ["sh"]' - busybox:latest`], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`seeding busybox failed: ${r.stderr}`);
}

async function benchEngine(name) {
  const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const e = await engines[name](dir);
  if (!e) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  const result = { engine: name };
  try {
    seedBusybox(e.env);
    const runArgs = ['run', '--rm', '--network', 'none', ...(e.runExtra ?? []), 'busybox', 'true'];
    for (let i = 0; i < 3; i++) timeOnce(runArgs, e.env, e.cli);
    const runs = Array.from({ length: RUNS }, () => timeOnce(runArgs, e.env, e.cli));
    result.run = { median: median(runs), p90: p90(runs) };
    process.stderr.write(`${name}: run --rm median ${result.run.median.toFixed(1)} ms\n`);

    const batch = 10;
    for (let i = 0; i < PS_COUNT; i += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, PS_COUNT - i) }, () => new Promise((res, rej) => {
        const cli = e.cli ?? ['docker', []];
        const c = spawn(cli[0], [...cli[1], 'create', '--network', 'none', ...(e.runExtra ?? []), 'busybox', 'true'], { env: e.env, stdio: 'ignore' });
        c.on('exit', (code) => (code === 0 ? res() : rej(new Error('create failed'))));
      })));
    }
    timeOnce(['ps', '-a'], e.env, e.cli);
    const ps = Array.from({ length: RUNS }, () => timeOnce(['ps', '-a'], e.env, e.cli));
    result.ps = { median: median(ps), p90: p90(ps), containers: PS_COUNT };
    process.stderr.write(`${name}: ps -a (${PS_COUNT}) median ${result.ps.median.toFixed(1)} ms\n`);
    spawnSync('sh', ['-c', 'docker container prune -f >/dev/null'], { env: e.env });
  } finally {
    await e.stop();
    if (e.runcRoot) spawnSync('sh', ['-c', `for c in $(runc --root ${e.runcRoot} list -q 2>/dev/null); do runc --root ${e.runcRoot} delete -f $c; done`]);
    spawnSync('sh', ['-c', `awk '{print $2}' /proc/self/mounts | grep '^${dir}/' | sort -r | xargs -r -n1 umount -l`]);
    if (e.cgroupParent) spawnSync('sh', ['-c', `for c in /sys/fs/cgroup/*${e.cgroupParent}; do [ -d "$c" ] && find "$c" -depth -type d -exec rmdir {} + ; done 2>/dev/null; true`]);
    for (let i = 0; i < 5; i++) {
      spawnSync('sh', ['-c', `awk '{print $2}' /proc/self/mounts | grep '^${dir}/' | sort -r | xargs -r -n1 umount -l`]);
      try {
        rmSync(dir, { recursive: true, force: true });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
  return result;
}

const results = [];
for (const name of ENGINES) {
  try {
    const r = await benchEngine(name);
    if (r) results.push(r);
    else process.stderr.write(`${name}: not installed, skipped\n`);
  } catch (err) {
    process.stderr.write(`${name}: failed: ${err.message}\n`);
  }
}

const docker = results.find((r) => r.engine === 'dockerd');
const fmt = (x) => (x === undefined ? '-' : x.toFixed(1));
const ratio = (a, b) => (a === undefined || b === undefined ? '-' : (a / b).toFixed(2) + 'x');
console.log(`docker CLI: ${sh('docker', ['--version'], env0).trim()}; runs=${RUNS}; ps containers=${PS_COUNT}`);
console.log('engine    run --rm median (p90) ms   vs dockerd   ps -a median (p90) ms   vs dockerd');
for (const r of results) {
  console.log(
    `${r.engine.padEnd(9)} ${`${fmt(r.run?.median)} (${fmt(r.run?.p90)})`.padEnd(27)} ${ratio(r.run?.median, docker?.run?.median).padEnd(12)} ${`${fmt(r.ps?.median)} (${fmt(r.ps?.p90)})`.padEnd(23)} ${ratio(r.ps?.median, docker?.ps?.median)}`,
  );
}
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ date: new Date().toISOString(), runs: RUNS, results }, null, 2));
