// Docker's secure defaults, enforced: the default seccomp profile, masked /proc paths, read-only /sys, no mount
// without CAP_SYS_ADMIN; --privileged lifting them; --security-opt seccomp=<file>|unconfined, no-new-privileges;
// --read-only with writable tmpfs and volumes; --sysctl, --device; the berth CLI's resource flags, enforced.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDaemon } from '../../helpers/test-daemon.js';

let d: TestDaemon;
let tmp: string;
before(async () => {
  d = await TestDaemon.start();
  tmp = await mkdtemp(join(tmpdir(), 'berth-sec-'));
});
after(async () => {
  await d?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const run = (args: string[]) => d.berth(['run', '--rm', ...args]);

test('by default a container cannot mount, read /proc/kcore, write /sys or unshare (seccomp)', async () => {
  const mount = await run(['busybox', 'mount', '-t', 'tmpfs', 'none', '/tmp']);
  assert.notEqual(mount.code, 0);
  assert.match(mount.stderr, /permission denied|not permitted/i);
  // /proc/kcore is masked (this kernel has none to read, so its sibling /proc/timer_list shows the mask too)
  const kcore = await run(['busybox', 'sh', '-c', 'head -c 64 /proc/kcore | wc -c; head -c 64 /proc/timer_list | wc -c']);
  assert.match(kcore.stdout, /^\s*0\n\s*0\n$/, `masked: ${kcore.stdout}${kcore.stderr}`);
  const unmasked = await run(['--privileged', 'busybox', 'sh', '-c', 'head -c 64 /proc/timer_list | wc -c']);
  assert.equal(unmasked.stdout.trim(), '64', 'the mask hid real content');
  const sys = await run(['busybox', 'sh', '-c', 'echo 1 > /sys/kernel/profiling']);
  assert.notEqual(sys.code, 0);
  assert.match(sys.stderr, /Read-only file system/);
  const unshare = await run(['busybox', 'unshare', '-U', 'true']);
  assert.notEqual(unshare.code, 0, 'the default seccomp profile refuses unshare without CAP_SYS_ADMIN');
  assert.match(unshare.stderr, /not permitted/);
  assert.equal((await run(['busybox', 'grep', '^Seccomp:', '/proc/self/status'])).stdout, 'Seccomp:\t2\n');
  // the same call passes without the profile: it was seccomp that refused it
  const unconfined = await run(['--security-opt', 'seccomp=unconfined', 'busybox', 'sh', '-c', 'grep ^Seccomp: /proc/self/status; unshare -U true && echo ok']);
  assert.equal(unconfined.stdout, 'Seccomp:\t0\nok\n', unconfined.stderr);
});

test('a seccomp profile file and no-new-privileges', async () => {
  const profile = join(tmp, 'deny-mkdir.json');
  await writeFile(profile, JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }] }));
  const denied = await run(['--security-opt', `seccomp=${profile}`, 'busybox', 'mkdir', '/x']);
  assert.notEqual(denied.code, 0);
  assert.match(denied.stderr, /not permitted/);
  assert.equal((await d.berth(['create', '--security-opt', 'seccomp={bad', 'busybox'])).code, 1);
  const missing = await run(['--security-opt', `seccomp=${join(tmp, 'nope.json')}`, 'busybox', 'true']);
  assert.equal(missing.code, 125);
  assert.match(missing.stderr, /opening seccomp profile .* no such file or directory/);
  const nnp = await run(['--security-opt', 'no-new-privileges', 'busybox', 'grep', '^NoNewPrivs:', '/proc/self/status']);
  assert.equal(nnp.stdout, 'NoNewPrivs:\t1\n', nnp.stderr);
  assert.equal((await run(['busybox', 'grep', '^NoNewPrivs:', '/proc/self/status'])).stdout, 'NoNewPrivs:\t0\n');
  const bad = await d.berth(['create', '--security-opt', 'bogus=1', 'busybox']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /invalid --security-opt/);
});

test('--privileged lifts the masks, the read-only /sys, seccomp and the capability limits', async () => {
  const r = await run(['--privileged', 'busybox', 'sh', '-c',
    'mount -t tmpfs none /tmp && echo mounted; grep ^Seccomp: /proc/self/status; [ -w /sys ] && touch /sys/kernel 2>/dev/null; grep " /sys " /proc/mounts | grep -c rw,']);
  assert.equal(r.stdout, 'mounted\nSeccomp:\t0\n1\n', r.stderr);
});

test('--read-only refuses writes outside tmpfs and volumes', async () => {
  const r = await run(['--read-only', '--tmpfs', '/run', '-v', 'secvol:/data', 'busybox', 'sh', '-c',
    'touch /run/a && touch /data/b && touch /dev/shm/c && echo writable; touch /etc/x']);
  assert.equal(r.stdout, 'writable\n');
  assert.match(r.stderr, /Read-only file system/);
  assert.notEqual(r.code, 0);
  await d.berth(['volume', 'rm', 'secvol']);
});

/** A block device of this machine (the first in /sys/block with a node in /dev) and its major:minor. */
async function blockDevice(): Promise<{ path: string; id: string }> {
  for (const name of (await readdir('/sys/block')).sort((a, b) => Number(a.startsWith('loop')) - Number(b.startsWith('loop')))) {
    const st = await stat(`/dev/${name}`).catch(() => undefined);
    if (st?.isBlockDevice()) return { path: `/dev/${name}`, id: `${Math.floor(st.rdev / 256) & 0xfff}:${st.rdev & 0xff}` };
  }
  throw new Error('no block device');
}

test('--sysctl, --device and --device-read-bps/--device-write-iops', async () => {
  const s = await run(['--sysctl', 'net.ipv4.ip_forward=1', 'busybox', 'cat', '/proc/sys/net/ipv4/ip_forward']);
  assert.equal(s.stdout, '1\n', s.stderr);
  const fuse = await run(['--device', '/dev/fuse', 'busybox', 'sh', '-c', 'ls -l /dev/fuse | cut -c1; grep -c "^c 10:229 rwm" /sys/fs/cgroup/devices/devices.list']);
  assert.equal(fuse.stdout.split('\n')[0], 'c', fuse.stderr);
  assert.equal(fuse.stdout.split('\n')[1], '1', 'the device cgroup allows it');
  const dev = await blockDevice();
  const io = await run(['--device-read-bps', `${dev.path}:1mb`, '--device-write-iops', `${dev.path}:100`, 'busybox', 'cat',
    '/sys/fs/cgroup/blkio/blkio.throttle.read_bps_device', '/sys/fs/cgroup/blkio/blkio.throttle.write_iops_device']);
  assert.equal(io.stdout, `${dev.id} 1048576\n${dev.id} 100\n`, io.stderr);
  const none = await run(['busybox', 'ls', '/dev/fuse']);
  assert.notEqual(none.code, 0);
});

test('berth run resource flags are sent and enforced: OOM 137, pids limit, --cpus 0.5 gets about half a CPU', async () => {
  const oom = await d.berth(['run', '--name', 'boom', '-m', '32m', '--memory-swap', '32m', 'busybox', 'sh', '-c', 'x=$(head -c 100000000 /dev/zero | tr "\\0" a); echo survived']);
  try {
    assert.equal(oom.code, 137, oom.stderr);
    const i = await d.berth(['inspect', '-f', '{{.State.OOMKilled}} {{.State.ExitCode}} {{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}', 'boom']);
    assert.equal(i.stdout, 'true 137 33554432 33554432\n');
  } finally {
    await d.berth(['rm', '-f', 'boom']);
  }
  const bomb = await run(['--pids-limit', '20', 'busybox', 'sh', '-c', 'n=0; while [ $n -lt 60 ]; do sleep 3 & n=$((n+1)); done; cat /sys/fs/cgroup/pids/pids.current; wait']);
  assert.ok(Number(bomb.stdout.trim().split('\n').pop()) <= 20, `pids stays at the limit: ${bomb.stdout}${bomb.stderr}`);
  assert.match(bomb.stderr, /can't fork|Resource temporarily unavailable/);
  // 2 s of a busy loop under --cpus 0.5: about 1 s of CPU time (cpuacct.usage, ns); unlimited it would be ~2 s
  const cpu = await run(['--cpus', '0.5', '--cpu-shares', '512', '--cpuset-cpus', '0', 'busybox', 'sh', '-c',
    'timeout 2 sh -c "while :; do :; done"; cat /sys/fs/cgroup/cpuacct/cpuacct.usage /sys/fs/cgroup/cpu/cpu.shares /sys/fs/cgroup/cpuset/cpuset.cpus']);
  const [usage, shares, cpus] = cpu.stdout.trim().split('\n');
  const seconds = Number(usage) / 1e9;
  assert.ok(seconds > 0.2 && seconds < 1.35, `about half a CPU for 2 s, got ${seconds} s`);
  assert.equal(shares, '512');
  assert.equal(cpus, '0');
  const ul = await run(['--ulimit', 'nofile=512:1024', '--shm-size', '16m', 'busybox', 'sh', '-c', 'ulimit -n; df -k /dev/shm | tail -1']);
  assert.match(ul.stdout, /^512\n\S+\s+16384 /, ul.stderr);
  const c = await d.berth(['create', '--memory-reservation', '16m', '--blkio-weight', '300', '--oom-kill-disable', '-m', '64m', 'busybox']);
  const id = c.stdout.trim();
  try {
    const hc = JSON.parse((await d.berth(['inspect', '-f', '{{json .HostConfig}}', id])).stdout);
    assert.equal(hc.MemoryReservation, 16 * 1024 * 1024);
    assert.equal(hc.BlkioWeight, 300);
    assert.equal(hc.OomKillDisable, true);
  } finally {
    await d.berth(['rm', '-f', id]);
  }
});

test('-u uid:gid, --group-add and --init through berth', async () => {
  const u = await run(['-u', '1000:1000', '--group-add', '27', '--group-add', '44', 'busybox', 'id']);
  assert.equal(u.stdout, 'uid=1000 gid=1000 groups=27,44\n', u.stderr);
  const w = await run(['-u', '1000', 'busybox', 'touch', '/etc/x']);
  assert.notEqual(w.code, 0, 'an unprivileged user cannot write root-owned files');
  const init = await run(['--init', 'busybox', 'cat', '/proc/1/cmdline']);
  assert.equal(init.stdout.split('\0')[0], '/dev/init', init.stderr);
});
