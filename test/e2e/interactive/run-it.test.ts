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

test('the daemon watches a TTY attach for detach keys (API clients that do not): the connection ends, the container runs on', async () => {
  const { connect } = await import('node:net');
  assert.equal((await d.docker(['run', '-dit', '--name', 'srvdk', 'busybox', 'sh'])).code, 0);
  const hijack = (path: string, body = '') =>
    new Promise<{ socket: import('node:net').Socket; seen: () => string; ended: Promise<void> }>((resolve, reject) => {
      const socket = connect(d.socket);
      let text = '';
      const ended = new Promise<void>((res) => socket.once('close', () => res()));
      socket.on('data', (b: Buffer) => {
        text += b.toString('latin1');
        if (text.includes('\r\n\r\n') && /^HTTP\/1\.1 101/.test(text)) resolve({ socket, seen: () => text, ended });
      });
      socket.once('error', reject);
      socket.write(`POST ${path} HTTP/1.1\r\nHost: d\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      setTimeout(() => reject(new Error(`no 101: ${text}`)), 10_000).unref();
    });
  const a = await hijack('/containers/srvdk/attach?stream=1&stdin=1&stdout=1&stderr=1&detachKeys=ctrl-e,e');
  a.socket.write('echo srv-$((5+5))\r');
  const deadline = Date.now() + 10_000;
  while (!a.seen().includes('srv-10\r\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.match(a.seen(), /srv-10\r\n/);
  a.socket.write('\x05e');
  await Promise.race([a.ended, new Promise((_, rej) => setTimeout(() => rej(new Error('not detached')), 5000))]);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await d.docker(['inspect', '-f', '{{.State.Running}}', 'srvdk'])).stdout.trim(), 'true');
  // a bad sequence is refused before the hijack
  const bad = await exec('curl', ['-s', '--unix-socket', d.socket, '-X', 'POST', 'http://d/containers/srvdk/attach?stream=1&stdin=1&detachKeys=ctrl-1']);
  assert.match(bad.stdout, /Invalid detach keys/);
  // an exec with a terminal: the same, and the exec's process keeps running
  const created = await exec('curl', ['-s', '--unix-socket', d.socket, '-X', 'POST', '-H', 'Content-Type: application/json', '-d', JSON.stringify({ Cmd: ['sh'], Tty: true, AttachStdin: true, AttachStdout: true, DetachKeys: 'ctrl-x' }), 'http://d/containers/srvdk/exec']);
  const execId = (JSON.parse(created.stdout) as { Id: string }).Id;
  const e = await hijack(`/exec/${execId}/start`, JSON.stringify({ Tty: true }));
  e.socket.write('echo in-exec\r');
  await new Promise((r) => setTimeout(r, 300));
  e.socket.write('\x18');
  await Promise.race([e.ended, new Promise((_, rej) => setTimeout(() => rej(new Error('exec not detached')), 5000))]);
  const info = JSON.parse((await exec('curl', ['-s', '--unix-socket', d.socket, `http://d/exec/${execId}/json`])).stdout) as { Running: boolean };
  assert.equal(info.Running, true);
  assert.equal((await d.docker(['rm', '-f', 'srvdk'])).code, 0);
});

test('start -ai re-runs a TTY container interactively', async () => {
  const t = docker(['run', '-it', '--name', 'sai', 'busybox', 'sh']);
  try {
    await t.expect(/\/ # /);
    t.send('exit 2\r');
    assert.equal(await t.wait(), 2, t.output);
  } finally {
    t.kill();
  }
  const a = docker(['start', '-ai', 'sai']);
  try {
    await a.expect(/\/ # /);
    a.send('echo hey-$((1+2))\r');
    await a.expect(/hey-3\r\n/);
    a.send('exit 5\r');
    assert.equal(await a.wait(), 5, a.output);
  } finally {
    a.kill();
  }
  await d.docker(['rm', 'sai']);
});

test('after a daemon restart a TTY container can be attached to and exec\'d into; its health check resumes', async () => {
  assert.equal((await d.docker(['run', '-dit', '--name', 'rst', '--health-cmd', 'test -e /tmp/up', '--health-interval', '200ms', '--health-retries', '1', 'busybox', 'sh'])).code, 0);
  await d.stopDaemon();
  await d.startDaemon();
  const a = docker(['attach', 'rst']);
  try {
    await new Promise((r) => setTimeout(r, 300));
    a.send('touch /tmp/up; echo restarted-$((4*4))\r');
    await a.expect(/restarted-16\r\n/);
    const e = await d.docker(['exec', 'rst', 'cat', '/proc/1/cmdline']);
    assert.equal(e.stdout, 'sh\0');
    const deadline = Date.now() + 10_000;
    let status = '';
    while (status !== 'healthy' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await d.docker(['inspect', '-f', '{{.State.Health.Status}}', 'rst'])).stdout.trim();
    }
    assert.equal(status, 'healthy');
    a.send('exit 0\r');
    assert.equal(await a.wait(), 0, a.output);
  } finally {
    a.kill();
  }
  await d.docker(['rm', '-f', 'rst']);
});
