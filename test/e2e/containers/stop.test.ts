// docker stop / kill / restart / wait / rename through the real docker CLI.
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

const inspect = async (fmt: string, name: string) => (await d.docker(['inspect', '-f', fmt, name])).stdout.trim();

test('stop sends the configured --stop-signal and honours --stop-timeout', async () => {
  await d.docker(['run', '-d', '--name', 'usr1', '--stop-signal', 'USR1', '--stop-timeout', '1', 'busybox', 'sh', '-c', 'trap "echo got usr1; exit 9" USR1; while true; do sleep 0.1; done']);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await inspect('{{.Config.StopSignal}} {{.Config.StopTimeout}}', 'usr1'), 'USR1 1');
  const t0 = Date.now();
  const r = await d.docker(['stop', 'usr1']);
  assert.equal(r.stdout, 'usr1\n');
  assert.ok(Date.now() - t0 < 1500, 'the trap ends it before the timeout');
  assert.equal(await inspect('{{.State.Status}} {{.State.ExitCode}}', 'usr1'), 'exited 9');
  assert.equal((await d.docker(['logs', 'usr1'])).stdout, 'got usr1\n');
  // stopping a stopped container succeeds quietly (304 from the daemon)
  const again = await d.docker(['stop', 'usr1']);
  assert.equal(again.code, 0);
  await d.docker(['rm', 'usr1']);
});

test('stop -t: a PID 1 without a TERM handler is killed at the timeout (137)', async () => {
  await d.docker(['run', '-d', '--name', 'deaf', 'busybox', 'sleep', '300']);
  const t0 = Date.now();
  await d.docker(['stop', '-t', '1', 'deaf']);
  const took = Date.now() - t0;
  assert.ok(took >= 900 && took < 4000, `took ${took} ms`);
  assert.equal(await inspect('{{.State.ExitCode}}', 'deaf'), '137');
  await d.docker(['rm', 'deaf']);
});

test('kill -s HUP delivers the signal and leaves the container running; kill (KILL) ends it', async () => {
  await d.docker(['run', '-d', '--name', 'hup', 'busybox', 'sh', '-c', 'trap "echo hup" HUP; while true; do sleep 0.1; done']);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await d.docker(['kill', '-s', 'HUP', 'hup'])).stdout, 'hup\n');
  await new Promise((r) => setTimeout(r, 400));
  assert.equal((await d.docker(['logs', 'hup'])).stdout, 'hup\n');
  assert.equal(await inspect('{{.State.Running}}', 'hup'), 'true');
  await d.docker(['kill', 'hup']);
  assert.equal((await d.docker(['wait', 'hup'])).stdout, '137\n');
  const notRunning = await d.docker(['kill', 'hup']);
  assert.equal(notRunning.code, 1);
  assert.match(notRunning.stderr, /is not running/);
  await d.docker(['rm', 'hup']);
});

test('restart stops and starts again (new pid, same container); wait returns the exit code', async () => {
  await d.docker(['run', '-d', '--name', 'again', 'busybox', 'sh', '-c', 'trap "exit 0" TERM; echo start; while true; do sleep 0.1; done']);
  await new Promise((r) => setTimeout(r, 200));
  const pid1 = await inspect('{{.State.Pid}}', 'again');
  assert.equal((await d.docker(['restart', '-t', '2', 'again'])).stdout, 'again\n');
  const pid2 = await inspect('{{.State.Pid}}', 'again');
  assert.notEqual(pid1, pid2);
  assert.equal(await inspect('{{.State.Status}}', 'again'), 'running');
  await new Promise((r) => setTimeout(r, 200));
  assert.equal((await d.docker(['logs', 'again'])).stdout, 'start\nstart\n');
  const waiting = d.docker(['wait', 'again']);
  await new Promise((r) => setTimeout(r, 200));
  await d.docker(['stop', 'again']);
  assert.equal((await waiting).stdout, '0\n');
  await d.docker(['rm', 'again']);
});

test('rename: the new name resolves, the old one is free, conflicts are 409', async () => {
  await d.docker(['create', '--name', 'a1', 'busybox', 'true']);
  await d.docker(['create', '--name', 'b1', 'busybox', 'true']);
  assert.equal((await d.docker(['rename', 'a1', 'a2'])).code, 0);
  assert.equal(await inspect('{{.Name}}', 'a2'), '/a2');
  assert.match((await d.docker(['inspect', 'a1'])).stderr, /No such object: a1|No such container: a1/);
  const clash = await d.docker(['rename', 'a2', 'b1']);
  assert.equal(clash.code, 1);
  assert.match(clash.stderr, /Conflict\. The container name "\/b1" is already in use by container "[0-9a-f]{64}"/);
  await d.docker(['rm', 'a2', 'b1']);
});
