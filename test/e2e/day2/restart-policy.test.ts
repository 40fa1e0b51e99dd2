// Restart policies with bounded waits: on-failure:N stops after N restarts, always restarts until `docker stop`,
// and across a daemon restart `always` comes back while a user-stopped `unless-stopped` stays down.
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const inspect = async (name: string, format: string) => (await d.docker(['inspect', '--format', format, name])).stdout.trim();

async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

test('on-failure:3 restarts a failing container three times, then leaves it exited', async () => {
  assert.equal((await d.docker(['run', '-d', '--name', 'fail3', '--restart', 'on-failure:3', 'busybox', 'sh', '-c', 'echo run; exit 3'])).code, 0);
  await until('3 restarts and exited', async () => (await inspect('fail3', '{{.RestartCount}} {{.State.Status}}')) === '3 exited');
  await sleep(1500); // the backoff would have restarted it again by now (100+200+400 ms so far)
  assert.equal(await inspect('fail3', '{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}'), '3 exited 3');
  assert.equal((await d.docker(['logs', 'fail3'])).stdout, 'run\nrun\nrun\nrun\n');
  assert.equal(await inspect('fail3', '{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}'), 'on-failure:3');
});

test('on-failure does not restart a clean exit; always does, until docker stop', async () => {
  assert.equal((await d.docker(['run', '-d', '--name', 'clean', '--restart', 'on-failure', 'busybox', 'true'])).code, 0);
  assert.equal((await d.docker(['run', '-d', '--name', 'again', '--restart', 'always', 'busybox', 'sh', '-c', 'sleep 0.2'])).code, 0);
  await until('always restarted twice', async () => Number(await inspect('again', '{{.RestartCount}}')) >= 2);
  assert.equal(await inspect('clean', '{{.RestartCount}} {{.State.Status}}'), '0 exited');
  const r = await d.docker(['stop', 'again']);
  assert.equal(r.code, 0, r.stderr);
  await until('stopped for good', async () => (await inspect('again', '{{.State.Status}}')) === 'exited');
  const count = await inspect('again', '{{.RestartCount}}');
  await sleep(1500);
  assert.equal(await inspect('again', '{{.RestartCount}} {{.State.Status}}'), `${count} exited`);
});

test('after a daemon restart: always comes back, a stopped unless-stopped does not', async () => {
  assert.equal((await d.docker(['run', '-d', '--name', 'alw', '--restart', 'always', 'busybox', 'sleep', '1000'])).code, 0);
  assert.equal((await d.docker(['run', '-d', '--name', 'uns', '--restart', 'unless-stopped', 'busybox', 'sleep', '1000'])).code, 0);
  assert.equal((await d.docker(['stop', '-t', '0', 'alw', 'uns'])).code, 0);
  await d.stopDaemon('SIGTERM');
  await d.startDaemon();
  await until('always running again', async () => (await inspect('alw', '{{.State.Status}}')) === 'running');
  assert.equal(await inspect('uns', '{{.State.Status}}'), 'exited');
  assert.equal((await d.docker(['stop', '-t', '0', 'alw'])).code, 0);
});
