// docker update: limits written into the running container's cgroup (v1 here; v2 paths when unified), shown in
// inspect's HostConfig, and the restart policy changed; bad values refused with nothing changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { TestDaemon } from '../../helpers/test-daemon.js';

let d: TestDaemon;
let id: string;
before(async () => {
  d = await TestDaemon.start();
  const r = await d.docker(['run', '-d', '--name', 'web', 'busybox', 'sleep', '1000']);
  assert.equal(r.code, 0, r.stderr);
  id = r.stdout.trim();
});
after(async () => {
  await d?.stop();
});

async function cgroupFile(v1: [string, string], v2: string): Promise<string> {
  const unified = (await stat('/sys/fs/cgroup/cgroup.controllers').catch(() => undefined)) !== undefined;
  const path = unified ? `/sys/fs/cgroup${d.cgroupParent}/${id}/${v2}` : `/sys/fs/cgroup/${v1[0]}${d.cgroupParent}/${id}/${v1[1]}`;
  return (await readFile(path, 'utf8')).trim();
}

test('update --memory --cpus --cpu-shares --pids-limit --restart: live in the cgroup and in inspect', async () => {
  const r = await d.docker(['update', '--memory', '64m', '--memory-swap', '128m', '--cpus', '0.5', '--cpu-shares', '512', '--pids-limit', '100', '--restart', 'always', 'web']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'web\n');
  assert.equal(await cgroupFile(['memory', 'memory.limit_in_bytes'], 'memory.max'), String(64 * 1024 * 1024));
  assert.match(await cgroupFile(['cpu', 'cpu.cfs_quota_us'], 'cpu.max'), /^50000/);
  assert.equal(await cgroupFile(['pids', 'pids.max'], 'pids.max'), '100');
  const hc = JSON.parse((await d.docker(['inspect', '--format', '{{json .HostConfig}}', 'web'])).stdout) as Record<string, unknown>;
  assert.equal(hc.Memory, 64 * 1024 * 1024);
  assert.equal(hc.MemorySwap, 128 * 1024 * 1024);
  assert.equal(hc.NanoCpus, 500_000_000);
  assert.equal(hc.CpuShares, 512);
  assert.equal(hc.PidsLimit, 100);
  assert.deepEqual(hc.RestartPolicy, { Name: 'always', MaximumRetryCount: 0 });
});

test('update refuses bad values and changes nothing', async () => {
  const r = await d.docker(['update', '--memory', '1m', 'web']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /Minimum memory limit allowed is 6MB/);
  assert.equal((await d.docker(['inspect', '--format', '{{.HostConfig.Memory}}', 'web'])).stdout.trim(), String(64 * 1024 * 1024));
  const b = await d.docker(['update', '--restart', 'sometimes', 'web']);
  assert.notEqual(b.code, 0);
});

test('berth update sets the same limits', async () => {
  const r = await d.berth(['update', '--memory', '96m', '--memory-swap', '192m', '--pids-limit', '50', '--restart', 'on-failure:2', 'web']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'web\n');
  assert.equal(await cgroupFile(['memory', 'memory.limit_in_bytes'], 'memory.max'), String(96 * 1024 * 1024));
  assert.equal(await cgroupFile(['pids', 'pids.max'], 'pids.max'), '50');
  assert.equal((await d.docker(['inspect', '--format', '{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}', 'web'])).stdout.trim(), 'on-failure:2');
});
