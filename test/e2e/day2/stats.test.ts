// docker stats / berth stats from the cgroup files: one-shot and --no-stream rows with the memory limit set by
// --memory, Docker's JSON shape, and a stream whose second object carries the first as precpu.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { TestDaemon } from '../../helpers/test-daemon.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start();
  assert.equal((await d.docker(['run', '-d', '--name', 'web', 'busybox', 'sleep', '1000'])).code, 0);
  assert.equal((await d.docker(['update', '--memory', '64m', '--memory-swap', '128m', 'web'])).code, 0);
});
after(async () => {
  await d?.stop();
});

test('stats --no-stream --format: the name and memory usage against the limit', async () => {
  for (const cli of ['docker', 'berth'] as const) {
    const r = await d[cli](['stats', '--no-stream', '--format', '{{.Name}} {{.MemUsage}} {{.PIDs}}']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^web \d+(\.\d+)?(B|KiB|MiB) \/ 64MiB 1\n$/, `${cli}: ${r.stdout}`);
  }
  const t = await d.berth(['stats', '--no-stream']);
  assert.match(t.stdout, /^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET I\/O\s+BLOCK I\/O\s+PIDS\n[0-9a-f]{12}\s+web\s+\d+\.\d\d%/);
});

function streamObjects(path: string, count: number): Promise<Array<Record<string, any>>> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: d.socket, path }, (res) => {
      let buf = '';
      const got: Array<Record<string, any>> = [];
      res.on('data', (c: Buffer) => {
        buf += c.toString();
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          got.push(JSON.parse(buf.slice(0, i)));
          buf = buf.slice(i + 1);
          if (got.length === count) {
            req.destroy();
            resolve(got);
          }
        }
      });
      res.on('end', () => resolve(got));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('stats stream timed out')));
    req.end();
  });
}

test('GET /containers/{id}/stats: Docker JSON shape, streaming with precpu, one-shot', async () => {
  const [a, b] = await streamObjects('/containers/web/stats', 2);
  for (const k of ['read', 'preread', 'cpu_stats', 'precpu_stats', 'memory_stats', 'pids_stats', 'blkio_stats', 'name', 'id']) assert.ok(k in b!, k);
  assert.equal(b!.name, '/web');
  assert.equal(b!.memory_stats.limit, 64 * 1024 * 1024);
  assert.ok(b!.cpu_stats.system_cpu_usage > a!.cpu_stats.system_cpu_usage);
  assert.deepEqual(b!.precpu_stats, a!.cpu_stats);
  assert.ok(b!.networks && Object.keys(b!.networks).length > 0, 'networks');
  const [one] = await streamObjects('/containers/web/stats?stream=false&one-shot=true', 1);
  assert.equal(one!.preread, '0001-01-01T00:00:00Z');
  const missing = await d.docker(['stats', '--no-stream', 'nope']);
  assert.notEqual(missing.code, 0);
});
