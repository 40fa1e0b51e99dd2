// docker run -t / -it through the real docker CLI: raw streams (no frame headers), the terminal's size (initial
// and resized through conmon), interactive input, and the logs of a TTY container. `script` gives the CLI a tty.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { exec } from '../../helpers/exec.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start();
});
after(async () => {
  await d?.stop();
});

/** Runs a shell command line under a pseudo-terminal of `rows`x`cols`. */
const inTerminal = (line: string, input = '', rows = 30, cols = 100) =>
  exec('script', ['-qec', `stty rows ${rows} cols ${cols}; ${line}`, '/dev/null'], { env: d.env, input });

test('run -t: the output is the raw terminal stream, with the tty\'s CRLF', async () => {
  const r = await d.docker(['run', '-t', '--rm', 'busybox', 'sh', '-c', 'echo hi; tty; echo $TERM']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'hi\r\n/dev/pts/0\r\nxterm\r\n');
});

test('run -it: the terminal has the client\'s size; input is typed into the container; the exit code comes back', async () => {
  const size = await inTerminal('docker run -it --rm busybox stty size');
  assert.equal(size.code, 0, size.stderr + size.stdout);
  assert.match(size.stdout, /(^|[^\d])30 100\r\n/);
  const sh = await inTerminal('docker run -it --rm busybox sh -c "read x; echo got:\\$x; exit 7"', 'hello\n');
  assert.equal(sh.code, 7, sh.stdout);
  assert.match(sh.stdout, /got:hello\r\n/);
});

test('a running TTY container is resized through conmon; its logs are raw', async () => {
  const id = (await d.docker(['run', '-d', '-t', '--name', 'term', 'busybox', 'sh', '-c', 'echo a; trap "stty size; exit 0" TERM; while true; do sleep 0.1; done'])).stdout.trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  // resizing is what the CLI does on SIGWINCH; here straight through the API
  const res = await exec('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--unix-socket', d.socket, '-X', 'POST', 'http://d/containers/term/resize?h=42&w=123']);
  assert.equal(res.stdout, '200');
  assert.equal((await d.docker(['stop', 'term'])).code, 0);
  const logs = await d.docker(['logs', 'term']);
  assert.equal(logs.stdout, 'a\r\n42 123\r\n');
  const bad = await exec('curl', ['-s', '--unix-socket', d.socket, '-X', 'POST', 'http://d/containers/term/resize?h=x&w=1']);
  assert.match(bad.stdout, /invalid syntax/);
  await d.docker(['rm', 'term']);
});
