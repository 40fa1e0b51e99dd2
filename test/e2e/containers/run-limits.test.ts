// docker run's runtime flags through the real docker CLI: -m/--cpus/--pids-limit on the cgroup v1 controllers,
// the OOM killer and OOMKilled, --cap-add/--cap-drop, --read-only, --init, --ulimit, and Docker's 400s for them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TestDaemon } from '../../helpers/test-daemon.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start();
});
after(async () => {
  await d?.stop();
});

test('memory, cpu and pids limits land in the container\'s cgroups and are enforced', async () => {
  const r = await d.docker(['run', '--rm', '-m', '32m', '--cpus', '0.5', '--pids-limit', '10', 'busybox', 'cat',
    '/sys/fs/cgroup/memory/memory.limit_in_bytes', '/sys/fs/cgroup/cpu/cpu.cfs_quota_us', '/sys/fs/cgroup/pids/pids.max']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '33554432\n50000\n10\n');
  const forks = await d.docker(['run', '--rm', '--pids-limit', '5', 'busybox', 'sh', '-c', 'for i in 1 2 3 4 5 6 7 8; do sleep 2 & done; wait']);
  assert.notEqual(forks.code, 0);
  assert.match(forks.stderr, /can't fork/);
  const oom = await d.docker(['run', '--name', 'oom', '-m', '32m', 'busybox', 'dd', 'if=/dev/zero', 'of=/dev/null', 'bs=64M', 'count=1']);
  assert.equal(oom.code, 137);
  assert.equal((await d.docker(['inspect', '-f', '{{.State.OOMKilled}} {{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}', 'oom'])).stdout, 'true 33554432 67108864\n');
  await d.docker(['rm', 'oom']);
});

test('--oom-kill-disable: a hog past its limit is held (under_oom), not killed; docker rm -f ends it', async (t) => {
  t.after(() => d.docker(['rm', '-f', 'held']));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const run = await d.docker(['run', '-d', '--name', 'held', '-m', '32m', '--memory-swap', '32m', '--oom-kill-disable', 'busybox', 'sh', '-c', 'a=x; while :; do a=$a$a; done; echo done']);
  assert.equal(run.code, 0, run.stderr);
  // the string doubling touches its memory from user space: at the limit the task waits (a read() filling a
  // buffer faults inside the kernel instead, and can fail with EFAULT rather than wait)
  const pid = (await d.docker(['inspect', '-f', '{{.State.Pid}}', 'held'])).stdout.trim();
  assert.notEqual(pid, '0', (await d.docker(['logs', 'held'])).stderr);
  const cgroup = (await readFile(`/proc/${pid}/cgroup`, 'utf8')).split('\n').find((l) => /:memory:/.test(l))!.split(':')[2]!;
  const control = join('/sys/fs/cgroup/memory', cgroup, 'memory.oom_control');
  let text = '';
  for (let i = 0; i < 50 && !/under_oom 1/.test(text); i++) {
    await sleep(100);
    text = await readFile(control, 'utf8');
  }
  assert.match(text, /oom_kill_disable 1/);
  assert.match(text, /under_oom 1/, text);
  await sleep(500);
  assert.equal((await d.docker(['inspect', '-f', '{{.State.Status}} {{.State.OOMKilled}} {{.HostConfig.OomKillDisable}}', 'held'])).stdout, 'running false true\n');
  assert.equal((await d.docker(['logs', 'held'])).stdout, '');
  assert.equal((await d.docker(['rm', '-f', 'held'])).code, 0);
});

test('capabilities, read-only rootfs, --init, --ulimit', async () => {
  const drop = await d.docker(['run', '--rm', '--cap-drop', 'ALL', 'busybox', 'chown', '1', '/tmp']);
  assert.equal(drop.code, 1);
  assert.match(drop.stderr, /Operation not permitted/);
  assert.notEqual((await d.docker(['run', '--rm', 'busybox', 'ip', 'link', 'set', 'lo', 'mtu', '1400'])).code, 0, 'no NET_ADMIN by default');
  assert.equal((await d.docker(['run', '--rm', '--cap-add', 'NET_ADMIN', 'busybox', 'ip', 'link', 'set', 'lo', 'mtu', '1400'])).code, 0);
  const ro = await d.docker(['run', '--rm', '--read-only', 'busybox', 'touch', '/x']);
  assert.equal(ro.code, 1);
  assert.match(ro.stderr, /Read-only file system/);
  const init = await d.docker(['run', '--rm', '--init', 'busybox', 'ps', '-o', 'pid,args']);
  assert.match(init.stdout, /^\s*1 \/dev\/init -- ps -o pid,args\n/m);
  const ul = await d.docker(['run', '--rm', '--ulimit', 'nofile=100:200', 'busybox', 'sh', '-c', 'ulimit -n; ulimit -Hn']);
  assert.equal(ul.stdout, '100\n200\n');
  assert.equal((await d.docker(['run', '--rm', 'busybox', 'sh', '-c', 'ulimit -n; ulimit -Hn'])).stdout.split('\n')[0], '1024', 'nofile soft limit 1024 by default');
});

test('invalid values are 400s at create, with Docker\'s words, and leave no container behind', async () => {
  const cap = await d.docker(['run', '--rm', '--cap-add', 'FOO', 'busybox', 'true']);
  assert.equal(cap.code, 125);
  assert.match(cap.stderr, /Error response from daemon: unknown capability: "CAP_FOO"/);
  const mem = await d.docker(['create', '-m', '1k', 'busybox', 'true']);
  assert.equal(mem.code, 1);
  assert.match(mem.stderr, /Minimum memory limit allowed is 6MB/);
  assert.equal((await d.docker(['ps', '-aq'])).stdout, '');
});
