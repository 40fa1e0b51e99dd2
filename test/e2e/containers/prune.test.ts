// docker container prune through the real docker CLI: label / label! / until filters and the space reclaimed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TestDaemon } from '../../helpers/test-daemon.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start();
});
after(async () => {
  await d?.stop();
});

const names = async () => (await d.docker(['ps', '-a', '--format', '{{.Names}}'])).stdout.split('\n').filter(Boolean).sort();

test('label! keeps the labelled ones; until keeps the recent ones; running containers always stay', async () => {
  await d.docker(['run', '-d', '--name', 'running', 'busybox', 'sleep', '300']);
  await d.docker(['run', '--name', 'keepme', '-l', 'keep=yes', 'busybox', 'true']);
  await d.docker(['run', '--name', 'plain', 'busybox', 'true']);
  const r = await d.docker(['container', 'prune', '-f', '--filter', 'label!=keep=yes']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(await names(), ['keepme', 'running']);
  const recent = await d.docker(['container', 'prune', '-f', '--filter', 'until=1h']);
  assert.equal(recent.stdout, 'Total reclaimed space: 0B\n', 'created less than an hour ago: kept');
  const bad = await d.docker(['container', 'prune', '-f', '--filter', 'nope=1']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /invalid filter 'nope'/);
  await d.docker(['container', 'prune', '-f']);
  assert.deepEqual(await names(), ['running']);
  await d.docker(['rm', '-f', 'running']);
});

test('the space reclaimed is what the containers wrote', async () => {
  await d.docker(['run', '--name', 'writer', 'busybox', 'sh', '-c', 'head -c 300000 /dev/zero > /data']);
  const r = await d.docker(['container', 'prune', '-f']);
  assert.match(r.stdout, /^Deleted Containers:\n[0-9a-f]{64}\n\nTotal reclaimed space: 300kB\n$/);
});
