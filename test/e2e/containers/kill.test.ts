// docker kill through the real docker CLI: signals by name and number, Docker's errors, the events it leaves.
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

test('kill -s delivers the signal to the container process; the default KILL ends it with 137', async () => {
  const run = await d.docker(['run', '-d', '--name', 'trapper', 'busybox', 'sh', '-c', 'trap "echo got HUP" HUP; trap "echo got USR1; exit 9" USR1; while true; do sleep 0.1; done']);
  assert.equal(run.code, 0, run.stderr);
  await new Promise((r) => setTimeout(r, 300)); // the traps are set
  assert.equal((await d.docker(['kill', '-s', 'HUP', 'trapper'])).stdout, 'trapper\n');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await d.docker(['inspect', '-f', '{{.State.Running}}', 'trapper'])).stdout, 'true\n');
  assert.equal((await d.docker(['kill', '--signal', '10', 'trapper'])).code, 0); // SIGUSR1 by number
  assert.equal((await d.docker(['wait', 'trapper'])).stdout, '9\n');
  assert.equal((await d.docker(['logs', 'trapper'])).stdout, 'got HUP\ngot USR1\n');

  await d.docker(['start', 'trapper']);
  const since = (Date.now() / 1000).toFixed(3);
  assert.equal((await d.docker(['kill', 'trapper'])).code, 0);
  assert.equal((await d.docker(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'trapper'])).stdout, 'exited 137\n', 'kill waits for the exit');
  const ev = await d.docker(['events', '--since', since, '--until', (Date.now() / 1000).toFixed(3), '--format', '{{.Action}} {{.Actor.Attributes.signal}}']);
  assert.match(ev.stdout, /^kill 9\ndie /);
  await d.docker(['rm', 'trapper']);
});

test('unknown signals and stopped containers get Docker\'s errors', async () => {
  await d.docker(['create', '--name', 'idle', 'busybox', 'true']);
  const bad = await d.docker(['kill', '-s', 'FOO', 'idle']);
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr.trim(), 'Error response from daemon: Invalid signal: FOO');
  const stopped = await d.docker(['kill', 'idle']);
  assert.equal(stopped.code, 1);
  assert.match(stopped.stderr, /^Error response from daemon: Cannot kill container: idle: container [0-9a-f]{64} is not running\n$/);
  const missing = await d.docker(['kill', 'nope']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /No such container: nope/);
  await d.docker(['rm', 'idle']);
});

test('a stop shows Docker\'s event sequence: kill (stop signal), kill 9 after the timeout, die, network disconnect, stop', async () => {
  await d.docker(['run', '-d', '--name', 'deaf', '--stop-signal', 'USR2', 'busybox', 'sleep', '60']);
  const since = (Date.now() / 1000).toFixed(3);
  assert.equal((await d.docker(['stop', '-t', '1', 'deaf'])).code, 0);
  const ev = await d.docker(['events', '--since', since, '--until', (Date.now() / 1000).toFixed(3), '--format', '{{.Action}}{{with .Actor.Attributes.signal}} {{.}}{{end}}']);
  assert.equal(ev.stdout, 'kill 12\nkill 9\ndie\ndisconnect\nstop\n');
  await d.docker(['rm', 'deaf']);
});
