// `docker run -it` through a real pseudo-terminal driven by the test: the prompt, echo of typed input, Ctrl-C
// reaching the container, window resize, the shell's exit code, detach with ctrl-p ctrl-q (and --detach-keys),
// re-attach with `docker attach`, and stdin close semantics for -i without -t.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { PtySession } from '../../helpers/pty.js';
import { exec } from '../../helpers/exec.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start();
});
after(async () => {
  await d?.stop();
});

const docker = (args: string[], rows = 24, cols = 80) => new PtySession('docker', args, { env: d.env, rows, cols });

test('run -it sh: prompt, echo, Ctrl-C, resize, exit 7', async () => {
  const t = docker(['run', '-it', '--rm', 'busybox', 'sh'], 30, 100);
  try {
    await t.expect(/\/ # /);
    t.send('echo typed-$((6*7))\r');
    await t.expect(/echo typed-\$\(\(6\*7\)\)\r\n/); // the terminal echoes what was typed
    await t.expect(/typed-42\r\n/);
    t.send('stty size\r');
    await t.expect(/30 100\r\n/);
    let mark = t.output.length;
    t.resize(40, 132);
    await new Promise((r) => setTimeout(r, 300));
    t.send('stty size\r');
    await t.expect(/40 132\r\n/, 10_000, mark);
    // Ctrl-C interrupts the foreground command in the container; the shell stays
    mark = t.output.length;
    t.send('sleep 30; echo not-$((1+1))-interrupted\r');
    await t.expect(/sleep 30/, 10_000, mark);
    await new Promise((r) => setTimeout(r, 300));
    t.send('\x03');
    await t.expect(/\^C/, 10_000, mark);
    mark = t.output.length;
    t.send('echo after-int\r');
    await t.expect(/after-int\r\n/, 10_000, mark);
    assert.doesNotMatch(t.output, /not-2-interrupted/);
    t.send('exit 7\r');
    assert.equal(await t.wait(), 7, t.output);
  } finally {
    t.kill();
  }
});

test('ctrl-p ctrl-q detaches, the container keeps running; docker attach re-attaches', async () => {
  const t = docker(['run', '-it', '--name', 'det', 'busybox', 'sh']);
  try {
    await t.expect(/\/ # /);
    t.send('echo one\r');
    await t.expect(/one\r\n/);
    t.send('\x10\x11');
    assert.equal(await t.wait(), 0, t.output);
  } finally {
    t.kill();
  }
  await new Promise((r) => setTimeout(r, 500));
  const st = await d.docker(['inspect', '-f', '{{.State.Status}}', 'det']);
  assert.equal(st.stdout.trim(), 'running');
  const a = docker(['attach', 'det']);
  try {
    await new Promise((r) => setTimeout(r, 300));
    a.send('echo again-$((1+1))\r');
    await a.expect(/again-2\r\n/);
    a.send('exit 3\r');
    assert.equal(await a.wait(), 3, a.output);
  } finally {
    a.kill();
  }
  const ex = await d.docker(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'det']);
  assert.equal(ex.stdout.trim(), 'exited 3');
  await d.docker(['rm', 'det']);
});

test('--detach-keys: a custom sequence detaches; ctrl-p alone is passed through', async () => {
  const t = docker(['run', '-it', '--detach-keys', 'ctrl-x,x', '--name', 'dk', 'busybox', 'sh']);
  try {
    await t.expect(/\/ # /);
    t.send('\x10\x11'); // the default keys are no longer special
    t.send('echo still-here\r');
    await t.expect(/still-here\r\n/);
    t.send('\x18x');
    assert.equal(await t.wait(), 0, t.output);
  } finally {
    t.kill();
  }
  assert.equal((await d.docker(['inspect', '-f', '{{.State.Running}}', 'dk'])).stdout.trim(), 'true');
  assert.equal((await d.docker(['rm', '-f', 'dk'])).code, 0);
});

test('-i without -t: stdin is piped, its end closes the container\'s stdin', async () => {
  const r = await exec('sh', ['-c', 'echo hi | docker run -i --rm busybox cat'], { env: d.env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'hi\n');
  const wc = await exec('sh', ['-c', 'printf "a\\nb\\nc\\n" | docker run -i --rm busybox wc -l'], { env: d.env });
  assert.equal(wc.stdout.trim(), '3');
});
