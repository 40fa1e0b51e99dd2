// docker rm / rm -f / container prune / run --rm through the real docker CLI.
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

test('rm of a running container is a 409 with Docker wording; rm -f kills and removes it', async () => {
  await d.docker(['run', '-d', '--name', 'busy', 'busybox', 'sleep', '300']);
  const r = await d.docker(['rm', 'busy']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), 'Error response from daemon: cannot remove container "/busy": container is running: stop the container before removing or force remove');
  const t0 = Date.now();
  const f = await d.docker(['rm', '-f', 'busy']);
  assert.equal(f.code, 0, f.stderr);
  assert.equal(f.stdout, 'busy\n');
  assert.ok(Date.now() - t0 < 3000, 'rm -f does not wait for a stop timeout');
  assert.equal((await d.docker(['ps', '-aq'])).stdout, '');
  const gone = await d.docker(['rm', 'busy']);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /No such container: busy/);
  // the name is free again
  assert.equal((await d.docker(['create', '--name', 'busy', 'busybox', 'true'])).code, 0);
  assert.equal((await d.docker(['rm', 'busy'])).code, 0);
});

test('rm takes several names and reports each', async () => {
  await d.docker(['create', '--name', 'r1', 'busybox', 'true']);
  await d.docker(['create', '--name', 'r2', 'busybox', 'true']);
  const r = await d.docker(['rm', 'r1', 'nosuch', 'r2']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, 'r1\nr2\n');
  assert.match(r.stderr, /No such container: nosuch/);
});

test('container prune removes stopped containers only, honouring label filters', async () => {
  await d.docker(['run', '-d', '--name', 'keep', 'busybox', 'sleep', '300']);
  await d.docker(['run', '--name', 'old1', '-l', 'k=v', 'busybox', 'true']);
  await d.docker(['run', '--name', 'old2', 'busybox', 'true']);
  await d.docker(['create', '--name', 'new1', 'busybox', 'true']);
  const ids = async (...n: string[]) => (await d.docker(['inspect', '-f', '{{.Id}}', ...n])).stdout.trim().split('\n');
  const [old1] = await ids('old1');
  const byLabel = await d.docker(['container', 'prune', '-f', '--filter', 'label=k=v']);
  assert.equal(byLabel.stdout, `Deleted Containers:\n${old1}\n\nTotal reclaimed space: 0B\n`);
  const rest = await ids('old2', 'new1');
  const r = await d.docker(['container', 'prune', '-f']);
  assert.equal(r.code, 0);
  assert.deepEqual(r.stdout.split('\n').slice(1, 3).sort(), rest.sort());
  const left = await d.docker(['ps', '-a', '--format', '{{.Names}}']);
  assert.equal(left.stdout, 'keep\n');
  const none = await d.docker(['container', 'prune', '-f']);
  assert.equal(none.stdout, 'Total reclaimed space: 0B\n');
  await d.docker(['rm', '-f', 'keep']);
});

test('run --rm removes the container after it exits, also when started detached', async () => {
  const r = await d.docker(['run', '-d', '--rm', '--name', 'tmp', 'busybox', 'sleep', '0.3']);
  assert.equal(r.code, 0);
  const w = await d.docker(['wait', 'tmp']);
  assert.ok(w.code === 0 || /No such container/.test(w.stderr), w.stderr);
  // the removal follows the exit (as with dockerd, `wait` may answer first)
  let ps = '';
  for (let i = 0; i < 40; i++) {
    ps = (await d.docker(['ps', '-aq'])).stdout;
    if (ps === '') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(ps, '');
});
