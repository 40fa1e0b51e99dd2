// docker system df (GET /system/df) and system prune (the CLI's sequence of prune calls), with berth's versions
// printing the same.
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

const ok = async (cli: 'berth' | 'docker', args: string[]) => {
  const r = await (cli === 'berth' ? d.berth(args) : d.docker(args));
  assert.equal(r.code, 0, `${cli} ${args.join(' ')}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

test('system df counts images, containers (their writable layers) and volumes; berth prints what docker prints', async () => {
  await ok('docker', ['run', '--name', 'stopped', '-v', 'dfvol:/v', 'busybox', 'sh', '-c', 'head -c 100000 /dev/zero > /big; echo x > /v/x']);
  await ok('docker', ['run', '-d', '--name', 'up', 'busybox', 'sleep', '60']);
  const docker = await ok('docker', ['system', 'df']);
  assert.equal(await ok('berth', ['system', 'df']), docker);
  const rows = Object.fromEntries(docker.trim().split('\n').slice(1).map((l) => [l.split(/\s{2,}/)[0], l.split(/\s{2,}/).slice(1)]));
  assert.deepEqual(rows.Containers, ['2', '1', '100kB', '100kB (100%)']);
  assert.deepEqual(rows['Local Volumes']!.slice(0, 3), ['1', '1', '2B']);
  assert.equal(rows.Images![1], '1');
  const du = JSON.parse(await ok('docker', ['system', 'df', '--format', '{{json .}}']).then((s) => `[${s.trim().split('\n').join(',')}]`)) as Array<{ Type: string }>;
  assert.deepEqual(du.map((r) => r.Type), ['Images', 'Containers', 'Local Volumes', 'Build Cache']);
});

test('system prune removes stopped containers and (with --volumes) unused anonymous volumes, not named ones', async () => {
  await ok('docker', ['run', '--name', 'anonuser', '-v', '/anon', 'busybox', 'true']);
  await ok('docker', ['network', 'create', 'unusednet']);
  const out = await ok('docker', ['system', 'prune', '-f', '--volumes']);
  assert.match(out, /Deleted Containers:/);
  assert.match(out, /Deleted Networks:\nunusednet/);
  assert.match(out, /Deleted Volumes:\n[0-9a-f]{64}/);
  assert.equal(await ok('docker', ['ps', '-aq', '--filter', 'status=exited']), '');
  assert.match(await ok('docker', ['volume', 'ls', '-q']), /^dfvol$/m, 'a named volume stays');
  await ok('docker', ['run', '--name', 'again', 'busybox', 'true']);
  assert.match(await ok('berth', ['system', 'prune', '-f']), /Deleted Containers:\n[0-9a-f]{64}\n\nTotal reclaimed space: /);
  await ok('docker', ['rm', '-f', 'up']);
});
