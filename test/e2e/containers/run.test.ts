// docker run/ps/logs/stop/kill/rm/inspect/wait/rename through the real docker CLI against berthd.
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

test('run --rm prints the output and exits 0', async () => {
  const r = await d.docker(['run', '--rm', 'busybox', 'echo', 'hello']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'hello\n');
  const ps = await d.docker(['ps', '-aq']);
  assert.equal(ps.stdout, '', 'the --rm container is gone');
});

test("run passes the container's exit code through; 127/126 for commands that cannot run", async () => {
  assert.equal((await d.docker(['run', '--rm', 'busybox', 'sh', '-c', 'exit 3'])).code, 3);
  const missing = await d.docker(['run', '--rm', 'busybox', 'nonexistent']);
  assert.equal(missing.code, 127);
  assert.match(missing.stderr, /executable file not found in \$PATH/);
  const notExec = await d.docker(['run', '--rm', 'busybox', '/etc/passwd']);
  assert.equal(notExec.code, 126);
  assert.equal((await d.docker(['ps', '-aq'])).stdout, '', 'failed --rm containers are removed too');
});

test('stdout and stderr are split; stdin reaches the container with -i', async () => {
  const r = await d.docker(['run', '--rm', 'busybox', 'sh', '-c', 'echo out; echo err >&2']);
  assert.equal(r.stdout, 'out\n');
  assert.equal(r.stderr, 'err\n');
  const cat = await d.docker(['run', '-i', '--rm', 'busybox', 'cat'], { input: 'hi\nthere\n' });
  assert.equal(cat.code, 0, cat.stderr);
  assert.equal(cat.stdout, 'hi\nthere\n');
});

test('run options: -e, --env-file, -w, -u, --entrypoint, --hostname, -l, --network none|host', async () => {
  const r = await d.docker(['run', '--rm', '-e', 'X=1', '-w', '/tmp', '-u', 'nobody', '--hostname', 'h1', 'busybox', 'sh', '-c', 'echo $X $(pwd) $(id -u):$(id -g) $(hostname)']);
  assert.equal(r.stdout, '1 /tmp 65534:65534 h1\n', r.stderr);
  const ep = await d.docker(['run', '--rm', '--entrypoint', 'echo', 'busybox', 'a', 'b']);
  assert.equal(ep.stdout, 'a b\n');
  const u = await d.docker(['run', '--rm', '-u', '1000:1000', 'busybox', 'id']);
  assert.equal(u.stdout, 'uid=1000 gid=1000 groups=1000\n');
  const none = await d.docker(['run', '--rm', '--network', 'none', 'busybox', 'sh', '-c', 'ls /sys/class/net']);
  assert.equal(none.stdout.trim(), 'lo');
  const lo = await d.docker(['run', '--rm', 'busybox', 'ip', 'link', 'show', 'lo']);
  assert.match(lo.stdout, /LOOPBACK,UP/);
  const host = await d.docker(['run', '--rm', '--network', 'host', 'busybox', 'ls', '/sys/class/net']);
  assert.ok(host.stdout.split(/\s+/).filter(Boolean).length > 1, 'host network shows the host interfaces');
  const lab = await d.docker(['run', '-d', '-l', 'a=b', '--name', 'labelled', 'busybox', 'true']);
  assert.equal(lab.code, 0, lab.stderr);
  await d.docker(['wait', 'labelled']);
  const f = await d.docker(['ps', '-a', '--filter', 'label=a=b', '--format', '{{.Names}}']);
  assert.equal(f.stdout, 'labelled\n');
  await d.docker(['rm', 'labelled']);
});

test('detached lifecycle: ps, logs, stop, restart, kill, rename, wait, inspect, rm', async () => {
  const run = await d.docker(['run', '-d', '--name', 'web', 'busybox', 'sh', '-c', 'trap "exit 0" TERM; while true; do echo tick; sleep 0.2; done']);
  assert.equal(run.code, 0, run.stderr);
  const id = run.stdout.trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  const ps = await d.docker(['ps']);
  assert.match(ps.stdout, /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES\n/);
  assert.match(ps.stdout, new RegExp(`${id.slice(0, 12)}\\s+busybox\\s+"sh -c 'trap [^\\n]*…"\\s+.*Up .*web\\n`));
  await new Promise((r) => setTimeout(r, 700));
  const logs = await d.docker(['logs', 'web']);
  assert.ok(logs.stdout.split('\n').filter((l) => l === 'tick').length >= 2, logs.stdout);
  const tail = await d.docker(['logs', '--tail', '1', '-t', 'web']);
  assert.match(tail.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z tick\n$/);
  assert.equal((await d.docker(['inspect', '-f', '{{.State.Status}} {{.Name}} {{.Config.Image}}', 'web'])).stdout, 'running /web busybox\n');
  const rmRunning = await d.docker(['rm', 'web']);
  assert.equal(rmRunning.code, 1);
  assert.match(rmRunning.stderr, /cannot remove container "\/web": container is running: stop the container before removing or force remove/);
  assert.equal((await d.docker(['stop', 'web'])).stdout, 'web\n');
  assert.equal((await d.docker(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'web'])).stdout, 'exited 0\n');
  assert.equal((await d.docker(['restart', 'web'])).code, 0);
  assert.equal((await d.docker(['inspect', '-f', '{{.State.Running}}', 'web'])).stdout, 'true\n');
  assert.equal((await d.docker(['rename', 'web', 'web2'])).code, 0);
  const kill = await d.docker(['kill', '-s', 'KILL', 'web2']);
  assert.equal(kill.code, 0, kill.stderr);
  assert.equal((await d.docker(['wait', 'web2'])).stdout, '137\n');
  const ex = await d.docker(['ps', '-a', '--filter', 'status=exited', '--format', '{{.Names}} {{.Status}}']);
  assert.match(ex.stdout, /^web2 Exited \(137\) .* ago\n$/);
  const killStopped = await d.docker(['kill', 'web2']);
  assert.equal(killStopped.code, 1);
  assert.match(killStopped.stderr, /is not running/);
  assert.equal((await d.docker(['rm', 'web2'])).code, 0);
  const gone = await d.docker(['inspect', 'web2']);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /No such object: web2|No such container: web2/);
});

test('a stop timeout ends in SIGKILL for a PID 1 that ignores SIGTERM', async () => {
  await d.docker(['run', '-d', '--name', 'stubborn', 'busybox', 'sleep', '60']);
  const t0 = Date.now();
  const r = await d.docker(['stop', '-t', '1', 'stubborn']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(Date.now() - t0 < 5000);
  assert.equal((await d.docker(['inspect', '-f', '{{.State.ExitCode}}', 'stubborn'])).stdout, '137\n');
  await d.docker(['rm', 'stubborn']);
});

test('names: conflicts and invalid names with Docker wording', async () => {
  await d.docker(['create', '--name', 'taken', 'busybox', 'true']);
  const dup = await d.docker(['create', '--name', 'taken', 'busybox', 'true']);
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /Conflict. The container name "\/taken" is already in use by container "[0-9a-f]{64}"/);
  const bad = await d.docker(['create', '--name', 'bad name', 'busybox', 'true']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /Invalid container name \(bad name\)/);
  const start = await d.docker(['start', '-a', 'taken']);
  assert.equal(start.code, 0, start.stderr);
  const prune = await d.docker(['container', 'prune', '-f']);
  assert.match(prune.stdout, /Deleted Containers:\n[0-9a-f]{64}\n/);
  assert.equal((await d.docker(['ps', '-aq'])).stdout, '');
});

test('an unknown image is a 404 that names the image', async () => {
  const r = await d.docker(['create', 'nosuchimage:1']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /nosuchimage/);
});

test('docker attach follows a running container until it exits, with its exit code', async () => {
  const run = await d.docker(['run', '-d', '--name', 'attached', 'busybox', 'sh', '-c', 'sleep 1; echo done; echo oops >&2; exit 4']);
  assert.equal(run.code, 0, run.stderr);
  const a = await d.docker(['attach', 'attached']);
  assert.equal(a.stdout, 'done\n');
  assert.equal(a.stderr, 'oops\n');
  assert.equal(a.code, 4);
  const again = await d.docker(['start', '-a', 'attached']);
  assert.equal(again.stdout, 'done\n', 'start -a shows only the new run, not the old log');
  assert.equal(again.code, 4);
  await d.docker(['rm', 'attached']);
});
