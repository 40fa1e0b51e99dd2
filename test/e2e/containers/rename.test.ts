// docker rename through the real docker CLI: running or not, name conflicts and invalid names in Docker's words.
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

test('a running container keeps running under its new name; the old name is free', async () => {
  const id = (await d.docker(['run', '-d', '--name', 'old', 'busybox', 'sleep', '60'])).stdout.trim();
  const r = await d.docker(['rename', 'old', 'new']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await d.docker(['inspect', '-f', '{{.Name}} {{.State.Running}}', id])).stdout, '/new true\n');
  assert.equal((await d.docker(['ps', '--format', '{{.Names}}'])).stdout, 'new\n');
  assert.equal((await d.docker(['inspect', 'old'])).code, 1);
  assert.equal((await d.docker(['create', '--name', 'old', 'busybox', 'true'])).code, 0, 'the old name can be used again');
  assert.equal((await d.docker(['rename', id.slice(0, 12), 'newer'])).code, 0, 'by ID prefix');
  assert.equal((await d.docker(['inspect', '-f', '{{.Name}}', id])).stdout, '/newer\n');
  await d.docker(['rm', '-f', 'newer', 'old']);
});

test('conflicts, invalid names, same name, unknown container: Docker\'s errors', async () => {
  await d.docker(['create', '--name', 'one', 'busybox', 'true']);
  const twoId = (await d.docker(['create', '--name', 'two', 'busybox', 'true'])).stdout.trim();
  const conflict = await d.docker(['rename', 'one', 'two']);
  assert.equal(conflict.code, 1);
  assert.match(
    conflict.stderr,
    new RegExp(`^Error response from daemon: Error when allocating new name: Conflict. The container name "/two" is already in use by container "${twoId}". You have to remove \\(or rename\\) that container to be able to reuse that name.\\n`),
  );
  const invalid = await d.docker(['rename', 'one', 'bad name']);
  assert.match(invalid.stderr, /^Error response from daemon: Error when allocating new name: Invalid container name \(\/bad name\), only \[a-zA-Z0-9\]\[a-zA-Z0-9_.-\] are allowed\n/);
  const same = await d.docker(['rename', 'one', 'one']);
  assert.match(same.stderr, /^Error response from daemon: Renaming a container with the same name as its current name\n/);
  const missing = await d.docker(['rename', 'nope', 'x1']);
  assert.match(missing.stderr, /No such container: nope/);
  assert.equal((await d.docker(['ps', '-a', '--format', '{{.Names}}'])).stdout.split('\n').sort().join(' ').trim(), 'one two');
  await d.docker(['rm', 'one', 'two']);
});
