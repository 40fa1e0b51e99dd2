// A berthd of the test's own: its own data root, exec root, socket and cgroup parent under a temp dir. `stop()`
// (call it in `after`) stops the daemon and removes everything it left: containers, conmons, mounts, cgroups.
import { mkdtemp, mkdir, rm, readFile, readdir, rmdir, writeFile } from 'node:fs/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { BERTHD_BUNDLE, BERTH_BUNDLE, NODE, BUSYBOX_ROOTFS_SCRIPT } from './paths.js';
import { exec, type ExecOptions, type ExecResult } from './exec.js';

export interface TestDaemonOptions {
  /** Seed busybox:latest (imported from the host's busybox-static) once the daemon is up. Default true. */
  busybox?: boolean;
  extraArgs?: string[];
  /** Put the data root on a tmpfs of this many MiB (to test a full disk). */
  dataRootTmpfsMiB?: number;
}

export class TestDaemon {
  readonly dataRoot: string;
  readonly execRoot: string;
  readonly socket: string;
  readonly cgroupParent: string;
  readonly dockerConfig: string;
  /** The daemon's default bridge; its other bridges, network namespaces and iptables chains are named after it. */
  readonly bridge: string;
  /** `--bip`: a /24 of its own, clear of the host's routes. */
  bip: string;
  /** `--default-address-pool`: a /20 of its own for user networks. */
  readonly pool: string;
  #child: ChildProcess | undefined;
  #logs: Buffer[] = [];
  /** Set while stopDaemon stops it on purpose: any other exit is a crash, and its log is printed. */
  #stopping = false;

  private constructor(readonly dir: string, readonly extraArgs: string[]) {
    this.dataRoot = join(dir, 'data');
    this.execRoot = join(dir, 'run');
    this.socket = join(this.execRoot, 'berth.sock');
    this.cgroupParent = `/berth-test-${randomBytes(4).toString('hex')}`;
    this.dockerConfig = join(dir, 'docker-config');
    const r = randomBytes(4);
    this.bridge = `bt${r.toString('hex').slice(0, 6)}`;
    // 10.128-191.x.1/24 for the default bridge, 10.192-255.(16*k).0/20 for user networks: random per daemon.
    this.bip = `10.${128 + (r[0]! & 63)}.${r[1]!}.1/24`;
    this.pool = `base=10.${192 + (r[2]! & 63)}.${(r[3]! & 15) * 16}.0/20,size=24`;
  }

  static async start(options: TestDaemonOptions = {}): Promise<TestDaemon> {
    await (sweep ??= sweepDeadTestDaemons().then(() => undefined));
    const dir = await mkdtemp(join(tmpdir(), 'berth-test-'));
    const d = new TestDaemon(dir, options.extraArgs ?? []);
    // Who owns this daemon's leftovers, should this test process die before stop(): see sweepDeadTestDaemons.
    await writeFile(join(dir, OWNER_FILE), JSON.stringify({ pid: process.pid, bridge: d.bridge, cgroupParent: d.cgroupParent } satisfies Owner));
    // a default subnet no other bridge on the host (another test's daemon, say) routes yet
    const routes = (await exec('ip', ['-4', 'route', 'show', 'table', 'all'])).stdout;
    for (let i = 0; i < 20 && routes.includes(d.bip.replace(/\.1\/24$/, '.0/24')); i++) {
      d.bip = `10.${128 + (randomBytes(1)[0]! & 63)}.${randomBytes(1)[0]!}.1/24`;
    }
    if (options.dataRootTmpfsMiB) {
      await mkdir(d.dataRoot, { recursive: true });
      const r = await exec('mount', ['-t', 'tmpfs', '-o', `size=${options.dataRootTmpfsMiB}m`, 'tmpfs', d.dataRoot]);
      if (r.code !== 0) throw new Error(`mounting a tmpfs data root failed: ${r.stderr}`);
    }
    await d.startDaemon();
    if (options.busybox ?? true) await d.seedBusybox();
    return d;
  }

  /** Environment for the docker CLI and berth CLI aimed at this daemon. */
  get env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: `unix://${this.socket}`, DOCKER_CONFIG: this.dockerConfig, BERTH_HOST: `unix://${this.socket}` };
    delete env.NODE_EXTRA_CA_CERTS;
    delete env.DOCKER_CONTEXT;
    return env;
  }

  get logs(): string {
    return Buffer.concat(this.#logs).toString();
  }

  async startDaemon(): Promise<void> {
    this.#stopping = false;
    const child = spawn(
      NODE,
      [BERTHD_BUNDLE, '--data-root', this.dataRoot, '--exec-root', this.execRoot, '--cgroup-parent', this.cgroupParent, '--log-level', 'debug', '--bridge', this.bridge, '--bip', this.bip, '--default-address-pool', this.pool, ...(TEST_RUNTIME ? ['--runtime', TEST_RUNTIME] : []), ...this.extraArgs],
      { stdio: ['ignore', 'pipe', 'pipe'], env: this.env },
    );
    this.#child = child;
    child.stdout!.on('data', (b: Buffer) => this.#logs.push(b));
    child.stderr!.on('data', (b: Buffer) => this.#logs.push(b));
    child.once('exit', (code, signal) => {
      if (this.#stopping) return;
      // A daemon that dies under a test fails it with "Cannot connect"; its own last words say why.
      process.stderr.write(`berthd (${this.socket}) exited unexpectedly (code ${code}, signal ${signal}); its log ends:\n${this.logs.slice(-6000)}\n`);
    });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`berthd exited with ${child.exitCode}:\n${this.logs}`);
      if (await socketAnswers(this.socket)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`berthd did not start within 15 s:\n${this.logs}`);
  }

  /** Stops the daemon the way it is meant to stop (SIGTERM); containers keep running. */
  async stopDaemon(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    this.#stopping = true;
    child.kill(signal);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }

  async seedBusybox(tag = 'busybox:latest'): Promise<void> {
    // Pipe the tar straight into `docker import`, as a user would.
    await new Promise<void>((resolve, reject) => {
      const mk = spawn(BUSYBOX_ROOTFS_SCRIPT, ['-'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const imp = spawn('docker', ['import', '--change', 'CMD ["sh"]', '-', tag], { stdio: ['pipe', 'pipe', 'pipe'], env: this.env });
      mk.stdout!.pipe(imp.stdin!);
      const err: Buffer[] = [];
      imp.stderr!.on('data', (b: Buffer) => err.push(b));
      imp.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`docker import failed (${code}): ${Buffer.concat(err)}`))));
    });
  }

  docker(args: string[], options: ExecOptions = {}): Promise<ExecResult> {
    return exec('docker', args, { ...options, env: { ...this.env, ...options.env } });
  }

  berth(args: string[], options: ExecOptions = {}): Promise<ExecResult> {
    return exec(NODE, [BERTH_BUNDLE, ...args], { ...options, env: { ...this.env, ...options.env } });
  }

  /** Stops the daemon and removes everything this test's daemon made, even after a failure. */
  async stop(): Promise<void> {
    await this.stopDaemon();
    await cleanupRoots(this.dataRoot, this.execRoot, this.cgroupParent);
    await cleanupNetwork(this.bridge);
    await rm(this.dir, { recursive: true, force: true }).catch(() => {});
  }
}

const OWNER_FILE = 'owner.json';
/** `npm test` with BERTH_TEST_RUNTIME=/usr/sbin/runc runs every test daemon on runc (berthd --runtime; default crun). */
const TEST_RUNTIME = process.env.BERTH_TEST_RUNTIME;
/** Where a test daemon's containers may have their runtime state: crun's or runc's, in the same --root. */
const RUNTIMES = ['crun', 'runc'];
interface Owner {
  pid: number;
  bridge: string;
  cgroupParent: string;
}
let sweep: Promise<void> | undefined;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The process `pid` runs with `text` among its arguments: it is still the one a pidfile named, not a reused pid. */
async function commandLineNames(pid: number, text: string): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.split('\0').includes(text);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {}
}

/** Alive and not a zombie waiting to be reaped. */
async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && !/^\d+ \(.*\) Z /.test(stat);
}

/**
 * What test daemons of a test process that was killed (SIGKILL, a timeout) left behind: the daemon itself, its
 * containers, mounts, cgroups, bridges, chains and temp dir. Only dirs whose owner file names a dead process are
 * touched; a running test's daemons are left alone.
 */
export async function sweepDeadTestDaemons(root = tmpdir()): Promise<string[]> {
  const swept: string[] = [];
  for (const name of await readdir(root).catch(() => [] as string[])) {
    if (!name.startsWith('berth-test-')) continue;
    const dir = join(root, name);
    const owner = await readFile(join(dir, OWNER_FILE), 'utf8').then((t) => JSON.parse(t) as Owner, () => undefined);
    if (!owner || alive(owner.pid)) continue;
    const daemonPid = Number(await readFile(join(dir, 'run', 'berthd.pid'), 'utf8').catch(() => ''));
    if (daemonPid > 0 && (await commandLineNames(daemonPid, join(dir, 'data')))) {
      killQuietly(daemonPid);
      for (let i = 0; i < 100 && (await isRunning(daemonPid)); i++) await new Promise((r) => setTimeout(r, 20));
    }
    await cleanupRoots(join(dir, 'data'), join(dir, 'run'), owner.cgroupParent);
    await cleanupNetwork(owner.bridge);
    await rm(dir, { recursive: true, force: true }).catch(() => {});
    swept.push(dir);
  }
  return swept;
}

/** Removes the network namespaces, bridges (and their veths) and iptables chains named after `bridge`. */
export async function cleanupNetwork(bridge: string): Promise<void> {
  for (const ns of await readdir('/run/netns').catch(() => [] as string[])) {
    if (ns.startsWith(`${bridge}-`)) await exec('ip', ['netns', 'del', ns]).catch(() => {});
  }
  const links = await exec('ip', ['-o', 'link', 'show']).catch(() => undefined);
  for (const line of (links?.stdout ?? '').split('\n')) {
    const name = /^\d+:\s+([^:@\s]+)/.exec(line)?.[1];
    if (name && (name === bridge || name.startsWith(`${bridge}-`))) await exec('ip', ['link', 'del', name]).catch(() => {});
  }
  for (const [table, chain, from] of [['filter', `BERTH-FWD-${bridge}`, 'FORWARD'], ['nat', `BERTH-NAT-${bridge}`, 'POSTROUTING']] as const) {
    for (let i = 0; i < 10; i++) if ((await exec('iptables', ['-w', '-t', table, '-D', from, '-j', chain]).catch(() => ({ code: 1 }))).code !== 0) break;
    await exec('iptables', ['-w', '-t', table, '-F', chain]).catch(() => {});
    await exec('iptables', ['-w', '-t', table, '-X', chain]).catch(() => {});
  }
}

/** Kills and deletes every runc container under our state root, unmounts our mounts, removes our cgroups. */
export async function cleanupRoots(dataRoot: string, execRoot: string, cgroupParent: string): Promise<void> {
  const runcRoot = join(execRoot, 'runc');
  // the daemon's runtime keeps its state there (each runtime lists only its own containers)
  for (const runtime of RUNTIMES) {
    const list = await exec(runtime, ['--root', runcRoot, 'list', '-q']).catch(() => undefined);
    for (const id of (list?.code === 0 ? list.stdout : '').split('\n').filter(Boolean)) {
      await exec(runtime, ['--root', runcRoot, 'kill', id, 'KILL']).catch(() => {});
      await exec(runtime, ['--root', runcRoot, 'delete', '-f', id]).catch(() => {});
    }
  }
  // conmon processes whose pidfile lives under our exec root (only ours: never touch others). A pidfile outlives
  // its conmon, and pids wrap quickly here (pid_max 32768, thousands of spawns per test run): the pid is killed only
  // while its command line still names that pidfile, or it could be another test's berthd by now.
  const pidfiles = await exec('find', [execRoot, '-name', 'conmon.pid']).catch(() => undefined);
  for (const file of (pidfiles?.stdout ?? '').split('\n').filter(Boolean)) {
    const pid = Number(await readFile(file, 'utf8').catch(() => ''));
    if (pid > 0 && (await commandLineNames(pid, file))) killQuietly(pid);
  }
  const mounts = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  const ours = mounts
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter((m): m is string => !!m && (m.startsWith(dataRoot) || m.startsWith(execRoot)))
    .sort((a, b) => b.length - a.length);
  for (const m of ours) await exec('umount', ['-l', m]).catch(() => {});
  // Whatever the runtime could not account for (its state gone, say) is still in our cgroups: every task there is
  // ours. Thawed first, so that a paused container can die.
  const pids = join('/sys/fs/cgroup/pids', cgroupParent);
  for (const dir of await cgroupDirs(pids)) {
    await writeFile(join('/sys/fs/cgroup/freezer', cgroupParent, dir.slice(pids.length), 'freezer.state'), 'THAWED').catch(() => {});
    const procs = await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => '');
    for (const pid of procs.split('\n').filter(Boolean)) killQuietly(Number(pid));
  }
  for (let i = 0; i < 50 && (await cgroupTasks(pids)) > 0; i++) await new Promise((r) => setTimeout(r, 20));
  for (const ctrl of await readdir('/sys/fs/cgroup').catch(() => [] as string[])) {
    await removeCgroupTree(join('/sys/fs/cgroup', ctrl, cgroupParent));
  }
}

/** `dir` and every cgroup below it. */
async function cgroupDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return [];
  const below = await Promise.all(entries.filter((e) => e.isDirectory()).map((e) => cgroupDirs(join(dir, e.name))));
  return [dir, ...below.flat()];
}

async function cgroupTasks(dir: string): Promise<number> {
  let n = 0;
  for (const d of await cgroupDirs(dir)) n += (await readFile(join(d, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
  return n;
}

async function removeCgroupTree(dir: string): Promise<void> {
  // children before their parents: cgroupDirs lists a parent first
  for (const d of (await cgroupDirs(dir)).reverse()) await rmdir(d).catch(() => {});
}

function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
