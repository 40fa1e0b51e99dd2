// The runtime driver on its own: a bundle of our own (busybox rootfs, buildSpec), conmon running `runc create`,
// runc start/kill/delete/state, conmon's exit files and k8s-file log. No daemon, no images.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile, readdir, rmdir } from 'node:fs/promises';
import { watch } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startConmon, bundleFiles } from '../../../src/runtime/conmon.js';
import { Runc } from '../../../src/runtime/runc.js';
import { buildSpec, type SpecInput } from '../../../src/runtime/spec/build-spec.js';
import { readLog } from '../../../src/logs/k8s-file.js';
import { BUSYBOX_ROOTFS_SCRIPT } from '../../helpers/paths.js';
import { cleanupRoots } from '../../helpers/test-daemon.js';

const RUNC = '/usr/sbin/runc';
const CONMON = '/usr/bin/conmon';

let base: string;
let rootfs: string;
let runc: Runc;
const cgroupParent = `/berth-rt-${randomBytes(4).toString('hex')}`;
const dirs = () => ({ runcRoot: join(base, 'run/runc'), exitDir: join(base, 'run/exits'), socketDir: join(base, 'run/s') });

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'berth-rt-'));
  rootfs = join(base, 'rootfs');
  await mkdir(rootfs);
  await new Promise<void>((resolve, reject) => {
    const mk = spawn('sh', ['-c', `${BUSYBOX_ROOTFS_SCRIPT} - | tar x -C ${JSON.stringify(rootfs)}`], { stdio: 'inherit' });
    mk.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`busybox rootfs: ${code}`))));
  });
  for (const d of Object.values(dirs())) await mkdir(d, { recursive: true });
  runc = new Runc(RUNC, dirs().runcRoot);
});

after(async () => {
  await cleanupRoots(join(base, 'data'), join(base, 'run'), cgroupParent);
  await rm(base, { recursive: true, force: true });
});

function nofileHard(limits: string): number {
  return Number(/Max open files\s+\S+\s+(\d+)/.exec(limits)?.[1] ?? 1048576);
}

/** Writes a bundle for `args` and starts conmon on it (runc create). Returns the id, bundle and log path. */
async function create(args: string[], over: Partial<SpecInput> = {}): Promise<{ id: string; bundle: string; log: string; pid: number }> {
  const id = `rt${randomBytes(6).toString('hex')}`;
  const bundle = join(base, 'run', id);
  await mkdir(join(bundle, 'persist'), { recursive: true });
  await writeFile(join(bundle, 'hostname'), 'box\n');
  const hard = nofileHard(await readFile('/proc/self/limits', 'utf8'));
  const spec = buildSpec({
    rootfs,
    args,
    env: [],
    cwd: '/',
    user: { uid: 0, gid: 0, additionalGids: [], home: '/root' },
    hostname: 'box',
    network: { mode: 'private' },
    binds: [{ source: join(bundle, 'hostname'), destination: '/etc/hostname', readonly: true }],
    cgroupsPath: `${cgroupParent}/${id}`,
    nofileHard: hard,
    loopbackHook: { path: '/usr/sbin/ip', args: ['ip', 'link', 'set', 'lo', 'up'] },
    ...over,
  });
  await writeFile(join(bundle, 'config.json'), JSON.stringify(spec));
  const log = join(bundle, 'ctr.log');
  const { runcRoot, exitDir, socketDir } = dirs();
  const pid = await startConmon({ conmon: CONMON, runtime: RUNC, runtimeRoot: runcRoot, id, bundle, logPath: log, exitDir, persistDir: join(bundle, 'persist'), socketDir, stdin: false });
  return { id, bundle, log, pid };
}

/** Resolves with conmon's exit file contents for `id` (fs.watch on the exit dir; no polling). */
function exitCode(id: string): Promise<number> {
  const { exitDir } = dirs();
  const file = join(exitDir, id);
  return new Promise((resolve) => {
    const check = async () => {
      const text = await readFile(file, 'utf8').catch(() => '');
      if (text.trim() === '') return;
      w.close();
      resolve(Number(text.trim()));
    };
    const w = watch(exitDir, (_e, name) => {
      if (String(name) === id) void check();
    });
    void check();
  });
}

async function logText(path: string): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [];
  for await (const r of readLog(path, { stdout: true, stderr: true })) out.push([r.stream, r.text]);
  return out;
}

test('create + start: output in the k8s-file log by stream, the exit code in the exit file', async () => {
  const c = await create(['sh', '-c', 'echo out; echo err >&2; exit 7']);
  assert.ok(c.pid > 0);
  assert.equal((await runc.state(c.id))?.status, 'created');
  const code = exitCode(c.id);
  await runc.start(c.id);
  assert.equal(await code, 7);
  assert.deepEqual(await logText(c.log), [['stdout', 'out\n'], ['stderr', 'err\n']]);
  assert.equal((await runc.state(c.id))?.status, 'stopped');
  await runc.delete(c.id);
  assert.equal(await runc.state(c.id), undefined);
  assert.match(await readFile(bundleFiles(c.bundle).conmonPidfile, 'utf8'), /^\d+/);
});

test('the container sees loopback up, its hostname, Docker caps and clamped rlimits, masked paths', async () => {
  const script = [
    'ip -o link show lo | grep -q "UP" && echo lo-up',
    'hostname',
    'cat /etc/hostname',
    'grep "Max open files" /proc/self/limits',
    'grep CapEff /proc/self/status',
    'ls /sys/firmware | wc -l',
    'echo x > /proc/sysrq-trigger 2>/dev/null || echo ro-proc',
    'ls /sys/class/net',
  ].join('; ');
  const c = await create(['sh', '-c', script]);
  const code = exitCode(c.id);
  await runc.start(c.id);
  assert.equal(await code, 0);
  const lines = (await logText(c.log)).filter(([s]) => s === 'stdout').map(([, t]) => t.trim());
  const hard = Math.min(524288, nofileHard(await readFile('/proc/self/limits', 'utf8')));
  assert.equal(lines[0], 'lo-up');
  assert.equal(lines[1], 'box');
  assert.equal(lines[2], 'box');
  assert.match(lines[3]!, new RegExp(`Max open files\\s+1024\\s+${hard}\\s+files`));
  assert.equal(lines[4], 'CapEff:\t00000000a80425fb', 'Docker default capability set');
  assert.equal(lines[5], '0', '/sys/firmware is masked');
  assert.equal(lines[6], 'ro-proc');
  assert.equal(lines[7], 'lo', 'a private network namespace has only loopback');
  await runc.delete(c.id);
});

test('kill: PID 1 ignores TERM without a handler; KILL ends it with 137', async () => {
  const c = await create(['sleep', '600']);
  const code = exitCode(c.id);
  await runc.start(c.id);
  assert.equal((await runc.state(c.id))?.status, 'running');
  await runc.kill(c.id, 'TERM');
  const early = await Promise.race([code.then(() => 'exited'), new Promise((r) => setTimeout(() => r('running'), 300))]);
  assert.equal(early, 'running');
  await runc.kill(c.id, 'KILL', true);
  assert.equal(await code, 137);
  await runc.kill(c.id, 'KILL'); // already gone: not an error
  await runc.delete(c.id);
});

test('an executable that does not exist fails creation with the runtime message; nothing is left behind', async () => {
  await assert.rejects(create(['nonexistent']), /executable file not found in \$PATH/);
  const { runcRoot } = dirs();
  assert.deepEqual(await readdir(runcRoot), [], 'runc left no state (earlier tests deleted theirs)');
});

test('host network mode keeps the host namespace', async () => {
  const c = await create(['sh', '-c', 'readlink /proc/1/ns/net'], { network: { mode: 'host' } });
  const code = exitCode(c.id);
  await runc.start(c.id);
  assert.equal(await code, 0);
  const inside = (await logText(c.log))[0]![1].trim();
  // pid 1 of the container is in the host's netns: compare with ours
  const { readlink } = await import('node:fs/promises');
  assert.equal(inside, await readlink('/proc/self/ns/net'));
  await runc.delete(c.id);
  // the cgroup parent is removed in after(); make sure the container's own cgroup went with runc delete
  const left = await readdir(join('/sys/fs/cgroup/pids', cgroupParent)).catch(() => [] as string[]);
  assert.ok(!left.includes(c.id));
  await rmdir(join('/sys/fs/cgroup/pids', cgroupParent, c.id)).catch(() => {});
});
