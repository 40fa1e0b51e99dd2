// The berth CLI's interactive commands through a real pseudo-terminal: run -it (raw input, the container's
// terminal size and its changes, exit code), detach keys and `berth attach`, exec -it, exec flags and codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { PtySession } from '../../helpers/pty.js';
import { exec } from '../../helpers/exec.js';
import { BERTH_BUNDLE, NODE } from '../../helpers/paths.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start();
});
after(async () => {
  await d?.stop();
});

const berth = (args: string[], rows = 24, cols = 80) => new PtySession(NODE, [BERTH_BUNDLE, ...args], { env: d.env, rows, cols });
const settle = () => new Promise((r) => setTimeout(r, 300));

test('berth run -it: prompt, echo, size and resize, Ctrl-C, exit code', async () => {
  const t = berth(['run', '-it', '--rm', 'busybox', 'sh'], 28, 97);
  try {
    await t.expect(/\/ # /);
    t.send('stty size\r');
    await t.expect(/28 97\r\n/);
    let mark = t.output.length;
    t.resize(31, 120);
    await settle();
    t.send('stty size\r');
    await t.expect(/31 120\r\n/, 10_000, mark);
    mark = t.output.length;
    t.send('sleep 30; echo not-$((1+1))-interrupted\r');
    await t.expect(/sleep 30/, 10_000, mark);
    await settle();
    t.send('\x03');
    t.send('echo after-$((3+4))\r');
    await t.expect(/after-7\r\n/, 10_000, mark);
    assert.doesNotMatch(t.output, /not-2-interrupted/);
    t.send('exit 7\r');
    assert.equal(await t.wait(), 7, t.output);
  } finally {
    t.kill();
  }
});

test('berth: ctrl-p ctrl-q detaches; berth attach --detach-keys re-attaches and detaches again', async () => {
  const t = berth(['run', '-it', '--name', 'bdet', 'busybox', 'sh']);
  try {
    await t.expect(/\/ # /);
    t.send('\x10\x11');
    assert.equal(await t.wait(), 0, t.output);
  } finally {
    t.kill();
  }
  await settle();
  assert.equal((await d.docker(['inspect', '-f', '{{.State.Running}}', 'bdet'])).stdout.trim(), 'true');
  const a = berth(['attach', '--detach-keys', 'ctrl-a', 'bdet']);
  try {
    await settle();
    a.send('echo back-$((2+2))\r');
    await a.expect(/back-4\r\n/);
    a.send('\x01');
    assert.equal(await a.wait(), 0, a.output);
  } finally {
    a.kill();
  }
  await settle();
  assert.equal((await d.docker(['inspect', '-f', '{{.State.Running}}', 'bdet'])).stdout.trim(), 'true');
  const b = berth(['attach', 'bdet']);
  try {
    await settle();
    b.send('exit 4\r');
    assert.equal(await b.wait(), 4, b.output);
  } finally {
    b.kill();
  }
  const bad = await d.berth(['attach', '--detach-keys', 'ctrl-1', 'bdet']);
  assert.notEqual(bad.code, 0);
  await d.docker(['rm', '-f', 'bdet']);
});

test('berth exec: -it through a pty, -e -u -w, -i, -d, exit codes', async () => {
  assert.equal((await d.docker(['run', '-d', '--name', 'bweb', 'busybox', 'sleep', '1000'])).code, 0);
  const t = berth(['exec', '-it', 'bweb', 'sh'], 26, 88);
  try {
    await t.expect(/\/ # /);
    t.send('stty size\r');
    await t.expect(/26 88\r\n/);
    const mark = t.output.length;
    t.resize(20, 70);
    await settle();
    t.send('stty size\r');
    await t.expect(/20 70\r\n/, 10_000, mark);
    t.send('exit 6\r');
    assert.equal(await t.wait(), 6, t.output);
  } finally {
    t.kill();
  }
  const env = await d.berth(['exec', '-e', 'X=1', '-u', '1000', '-w', '/tmp', 'bweb', 'sh', '-c', 'echo $X; id -u; pwd']);
  assert.equal(env.stdout, '1\n1000\n/tmp\n');
  assert.equal((await d.berth(['exec', 'bweb', 'false'])).code, 1);
  const split = await d.berth(['exec', 'bweb', 'sh', '-c', 'echo o; echo e >&2; exit 2']);
  assert.deepEqual([split.code, split.stdout, split.stderr], [2, 'o\n', 'e\n']);
  const piped = await exec('sh', ['-c', `echo hi | ${NODE} ${BERTH_BUNDLE} exec -i bweb cat`], { env: d.env });
  assert.equal(piped.stdout, 'hi\n');
  assert.equal((await d.berth(['exec', 'bweb', 'no-such-cmd'])).code, 127);
  const det = await d.berth(['exec', '-d', 'bweb', 'touch', '/tmp/bd']);
  assert.deepEqual([det.code, det.stdout], [0, '']);
  const notty = await exec('sh', ['-c', `echo | ${NODE} ${BERTH_BUNDLE} exec -it bweb true`], { env: d.env });
  assert.equal(notty.code, 1);
  assert.match(notty.stderr, /the input device is not a TTY/);
  const missing = await d.berth(['exec', 'nope', 'true']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /No such container: nope/);
});
