// Containers survive a crash of berthd: kill -9 the daemon, start it again, and the running container is still
// running, its log continuous, `docker stop` works; a container that exited meanwhile shows its exit code and
// an --rm one is removed.
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

test('kill -9 berthd: containers keep running, logging, and are re-adopted', async () => {
  assert.equal((await d.docker(['run', '-d', '--name', 'counter', 'busybox', 'sh', '-c', 'trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo $i; sleep 0.1; done'])).code, 0);
  assert.equal((await d.docker(['run', '-d', '--name', 'short', 'busybox', 'sh', '-c', 'sleep 1; exit 7'])).code, 0);
  assert.equal((await d.docker(['run', '-d', '--rm', '--name', 'gone', 'busybox', 'sh', '-c', 'sleep 1'])).code, 0);
  await new Promise((r) => setTimeout(r, 300));
  await d.stopDaemon('SIGKILL');
  await new Promise((r) => setTimeout(r, 1500)); // 'short' and 'gone' exit while the daemon is down
  await d.startDaemon();
  assert.equal((await d.docker(['inspect', '-f', '{{.State.Status}}', 'counter'])).stdout, 'running\n');
  assert.equal((await d.docker(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'short'])).stdout, 'exited 7\n');
  assert.equal((await d.docker(['inspect', 'gone'])).code, 1, 'the --rm container finished its removal');
  const logs = (await d.docker(['logs', 'counter'])).stdout.trim().split('\n').map(Number);
  assert.ok(logs.length > 15, `logged while the daemon was down: ${logs.length} lines`);
  logs.forEach((n, i) => assert.equal(n, i + 1, 'no gap in the log'));
  const stop = await d.docker(['stop', 'counter']);
  assert.equal(stop.code, 0, stop.stderr);
  assert.equal((await d.docker(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'counter'])).stdout, 'exited 0\n');
});

test('SIGTERM closes the API and leaves containers running', async () => {
  assert.equal((await d.docker(['run', '-d', '--name', 'survivor', 'busybox', 'sleep', '60'])).code, 0);
  await d.stopDaemon('SIGTERM');
  await d.startDaemon();
  assert.equal((await d.docker(['inspect', '-f', '{{.State.Running}}', 'survivor'])).stdout, 'true\n');
  assert.equal((await d.docker(['rm', '-f', 'survivor'])).code, 0);
});
