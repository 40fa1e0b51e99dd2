// docker create / start (-a, -i) / attach through the real docker CLI.
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

test('create leaves a container in "created"; start runs it; starting again is a no-op', async () => {
  const c = await d.docker(['create', '--name', 'sleeper', 'busybox', 'sleep', '300']);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout, /^[0-9a-f]{64}\n$/);
  assert.equal((await d.docker(['inspect', '-f', '{{.State.Status}} {{.State.Pid}} {{.State.StartedAt}}', 'sleeper'])).stdout, 'created 0 0001-01-01T00:00:00Z\n');
  assert.equal((await d.docker(['start', 'sleeper'])).stdout, 'sleeper\n');
  const st = await d.docker(['inspect', '-f', '{{.State.Status}} {{.State.Running}}', 'sleeper']);
  assert.equal(st.stdout, 'running true\n');
  const again = await d.docker(['start', 'sleeper']);
  assert.equal(again.code, 0, again.stderr);
  await d.docker(['rm', '-f', 'sleeper']);
});

test('start -a -i: stdin in, both streams out, the exit code passed through', async () => {
  await d.docker(['create', '-i', '--name', 'reader', 'busybox', 'sh', '-c', 'read x; echo got $x; echo err >&2; exit 5']);
  const r = await d.docker(['start', '-a', '-i', 'reader'], { input: 'foo\n' });
  assert.equal(r.code, 5);
  assert.equal(r.stdout, 'got foo\n');
  assert.equal(r.stderr, 'err\n');
  // a second run of the same container: attach works again
  const again = await d.docker(['start', '-a', '-i', 'reader'], { input: 'bar\n' });
  assert.equal(again.code, 5, again.stderr);
  assert.equal(again.stdout, 'got bar\n');
  await d.docker(['rm', 'reader']);
});

test('start -a without stdin: output up to the exit, nothing lost at the start', async () => {
  await d.docker(['create', '--name', 'burst', 'busybox', 'sh', '-c', 'seq 1 2000']);
  const r = await d.docker(['start', '-a', 'burst']);
  assert.equal(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 2000);
  assert.equal(lines[0], '1');
  assert.equal(lines[1999], '2000');
  await d.docker(['rm', 'burst']);
});

test('run -i with a multi-line stdin; stdin closed ends cat', async () => {
  const input = Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n') + '\n';
  const r = await d.docker(['run', '-i', '--rm', 'busybox', 'cat'], { input });
  assert.equal(r.code, 0);
  assert.equal(r.stdout, input);
});

test('start of an unknown container and of a container whose command is missing', async () => {
  const r = await d.docker(['start', 'nosuch']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /No such container: nosuch/);
  await d.docker(['create', '--name', 'broken', 'busybox', 'nonexistent']);
  const b = await d.docker(['start', 'broken']);
  assert.equal(b.code, 1);
  assert.match(b.stderr, /executable file not found in \$PATH/);
  assert.equal((await d.docker(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'broken'])).stdout, 'created 127\n');
  assert.match((await d.docker(['inspect', '-f', '{{.State.Error}}', 'broken'])).stdout, /executable file not found/);
  await d.docker(['rm', 'broken']);
});
