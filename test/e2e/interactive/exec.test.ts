// docker exec through the real docker CLI: piped (multiplexed stdout/stderr, stdin close), env/user/workdir,
// exit codes (the process's, 127 for a missing command), -d, /exec/{id}/json, and -it through a real pty
// (prompt, echo, resize, exit code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { PtySession } from '../../helpers/pty.js';
import { exec } from '../../helpers/exec.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start();
  const r = await d.docker(['run', '-d', '--name', 'web', '-e', 'A=from-run', 'busybox', 'sleep', '1000']);
  assert.equal(r.code, 0, r.stderr);
});
after(async () => {
  await d?.stop();
});

const sh = (line: string) => exec('sh', ['-c', line], { env: d.env });

test('exec: output, stderr apart, the exit code', async () => {
  const r = await d.docker(['exec', 'web', 'sh', '-c', 'echo out; echo err >&2; exit 5']);
  assert.equal(r.code, 5);
  assert.equal(r.stdout, 'out\n');
  assert.equal(r.stderr, 'err\n');
  assert.equal((await d.docker(['exec', 'web', 'false'])).code, 1);
  assert.equal((await d.docker(['exec', 'web', 'true'])).code, 0);
});

test('exec -e -u -w: env added to the container\'s, the user, the working dir', async () => {
  const r = await d.docker(['exec', '-e', 'X=1', '-e', 'A=from-exec', '-u', '1000', '-w', '/tmp', 'web', 'sh', '-c', 'env; id -u; pwd']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.includes('X=1'), r.stdout);
  assert.ok(lines.includes('A=from-exec'), r.stdout);
  assert.ok(!lines.includes('A=from-run'), r.stdout);
  assert.ok(lines.some((l) => l.startsWith('PATH=')), r.stdout);
  assert.deepEqual(lines.slice(-2), ['1000', '/tmp']);
  const caps = await d.docker(['exec', 'web', 'grep', 'CapEff', '/proc/self/status']);
  const privCaps = await d.docker(['exec', '--privileged', 'web', 'grep', 'CapEff', '/proc/self/status']);
  assert.notEqual(caps.stdout, privCaps.stdout);
  // every capability the host lets berthd hand out
  const { readFile } = await import('node:fs/promises');
  const hostBnd = /CapBnd:\s*([0-9a-f]+)/.exec(await readFile('/proc/self/status', 'utf8'))![1];
  assert.equal(privCaps.stdout.trim(), `CapEff:\t${hostBnd}`);
  const named = await d.docker(['exec', '-u', 'nobody', 'web', 'id', '-un']);
  assert.equal(named.stdout.trim(), 'nobody');
});

test('exec -i: stdin is piped and its end reaches the process', async () => {
  const r = await sh('printf "a\\nb\\nc\\n" | docker exec -i web wc -l');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), '3');
  const cat = await sh('echo hi | docker exec -i web cat');
  assert.equal(cat.stdout, 'hi\n');
});

test('exec of a missing command: 127 and the runtime\'s message; stopped container: a conflict', async () => {
  const r = await d.docker(['exec', 'web', 'no-such-cmd']);
  assert.equal(r.code, 127);
  // runc's words (crun's are put in them, without runc's own prefix)
  assert.match(r.stderr, /^OCI runtime exec failed: (exec failed: unable to start container process: )?exec: "no-such-cmd": executable file not found in \$PATH: unknown\n$/);
  await d.docker(['create', '--name', 'idle', 'busybox', 'true']);
  const stopped = await d.docker(['exec', 'idle', 'true']);
  assert.notEqual(stopped.code, 0);
  assert.match(stopped.stderr, /is not running/);
  const noUser = await d.docker(['exec', '-u', 'nosuchuser', 'web', 'true']);
  assert.equal(noUser.code, 126);
  assert.equal(noUser.stderr, 'unable to find user nosuchuser: no matching entries in passwd file\n');
  const missing = await d.docker(['exec', 'nope', 'true']);
  assert.match(missing.stderr, /No such container: nope/);
});

test('exec -d runs in the background; /exec/{id}/json has Running, ExitCode, Pid', async () => {
  const r = await d.docker(['exec', '-d', 'web', 'sh', '-c', 'sleep 0.3; touch /tmp/detached-done']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  let ok = false;
  for (let i = 0; i < 50 && !ok; i++) {
    ok = (await d.docker(['exec', 'web', 'test', '-e', '/tmp/detached-done'])).code === 0;
    if (!ok) await new Promise((res) => setTimeout(res, 100));
  }
  assert.ok(ok, 'the detached exec ran');
  const api = (method: string, path: string, body?: unknown) =>
    exec('curl', ['-s', '--unix-socket', d.socket, '-X', method, '-H', 'Content-Type: application/json', ...(body ? ['-d', JSON.stringify(body)] : []), `http://d${path}`]);
  const id = (JSON.parse((await api('POST', '/containers/web/exec', { Cmd: ['sh', '-c', 'sleep 0.5; exit 3'] })).stdout) as { Id: string }).Id;
  const before = JSON.parse((await api('GET', `/exec/${id}/json`)).stdout) as Record<string, unknown>;
  assert.equal(before.Running, false);
  assert.equal(before.ExitCode, null);
  assert.equal((await api('POST', `/exec/${id}/start`, { Detach: true })).stdout, '');
  await new Promise((res) => setTimeout(res, 150));
  const during = JSON.parse((await api('GET', `/exec/${id}/json`)).stdout) as Record<string, unknown>;
  assert.equal(during.Running, true);
  assert.ok(Number(during.Pid) > 0, JSON.stringify(during));
  const again = JSON.parse((await api('POST', `/exec/${id}/start`, { Detach: true })).stdout) as { message: string };
  assert.match(again.message, /already running/);
  let after: Record<string, unknown> = during;
  for (let i = 0; i < 50 && after.Running; i++) {
    await new Promise((res) => setTimeout(res, 100));
    after = JSON.parse((await api('GET', `/exec/${id}/json`)).stdout) as Record<string, unknown>;
  }
  assert.equal(after.Running, false);
  assert.equal(after.ExitCode, 3);
  const inspect = await d.docker(['inspect', '-f', '{{json .ExecIDs}}', 'web']);
  assert.match(inspect.stdout, new RegExp(id));
  const nope = JSON.parse((await api('GET', '/exec/0123/json')).stdout) as { message: string };
  assert.equal(nope.message, 'No such exec instance: 0123');
});

test('exec -t: raw terminal stream and the exit code', async () => {
  const r = await d.docker(['exec', '-t', 'web', 'sh', '-c', 'tty; echo $TERM; exit 4']);
  assert.equal(r.code, 4);
  assert.equal(r.stdout, '/dev/pts/0\r\nxterm\r\n');
});

test('exec -it sh through a pty: prompt, echo, resize, exit code', async () => {
  const t = new PtySession('docker', ['exec', '-it', 'web', 'sh'], { env: d.env, rows: 25, cols: 90 });
  try {
    await t.expect(/\/ # /);
    t.send('echo typed-$((2*3))\r');
    await t.expect(/typed-6\r\n/);
    t.send('stty size\r');
    await t.expect(/25 90\r\n/);
    const mark = t.output.length;
    t.resize(33, 111);
    await new Promise((r) => setTimeout(r, 300));
    t.send('stty size\r');
    await t.expect(/33 111\r\n/, 10_000, mark);
    t.send('exit 9\r');
    assert.equal(await t.wait(), 9, t.output);
  } finally {
    t.kill();
  }
  // the container is untouched by the exec session ending
  assert.equal((await d.docker(['inspect', '-f', '{{.State.Running}}', 'web'])).stdout.trim(), 'true');
});

test('exec streams a large output whole (backpressure, no loss)', async () => {
  const r = await exec('sh', ['-c', 'docker exec web sh -c "head -c 20000000 /dev/zero | tr \'\\\\0\' a" | wc -c'], { env: d.env });
  assert.equal(r.stdout.trim(), '20000000', r.stderr);
});
