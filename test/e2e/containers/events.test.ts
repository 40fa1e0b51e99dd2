// docker events through the real docker CLI: replay with --since/--until, filters, live follow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { TestDaemon } from '../../helpers/test-daemon.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start();
});
after(async () => {
  await d?.stop();
});

const now = () => (Date.now() / 1000).toFixed(3);

test('a run --rm shows create, start, die (with the exit code) and destroy, in order', async () => {
  const since = now();
  const r = await d.docker(['run', '--rm', '--name', 'ev1', 'busybox', 'sh', '-c', 'exit 2']);
  assert.equal(r.code, 2, r.stderr);
  const ev = await d.docker(['events', '--since', since, '--until', now(), '--filter', 'type=container', '--format', '{{.Type}} {{.Action}} {{.Actor.Attributes.name}}{{with .Actor.Attributes.exitCode}} {{.}}{{end}}']);
  assert.equal(ev.code, 0, ev.stderr);
  assert.equal(ev.stdout, 'container create ev1\ncontainer start ev1\ncontainer die ev1 2\ncontainer destroy ev1\n');
  // The default bridge's connect and disconnect of it (the disconnect may land just after the removal is reported).
  const id = JSON.parse((await d.docker(['events', '--since', since, '--until', now(), '--filter', 'event=create', '--format', '{{json .Actor.ID}}'])).stdout.trim()) as string;
  let net = '';
  for (let i = 0; i < 20 && !net.includes('disconnect'); i++) {
    net = (await d.docker(['events', '--since', since, '--until', now(), '--filter', 'type=network', '--format', '{{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.container}}'])).stdout;
    if (!net.includes('disconnect')) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(net, `connect bridge ${id}\ndisconnect bridge ${id}\n`);
  const plain = await d.docker(['events', '--since', since, '--until', now(), '--filter', 'event=die']);
  assert.match(plain.stdout, /^\d{4}-\d\d-\d\dT[\d:.]+Z container die [0-9a-f]{64} \(exitCode=2, image=busybox, name=ev1\)\n$/);
});

test('filters select by container name and event; unknown types are errors', async () => {
  const since = now();
  await d.docker(['run', '--rm', '--name', 'ev2', 'busybox', 'true']);
  await d.docker(['run', '--rm', '--name', 'ev3', 'busybox', 'true']);
  const until = now();
  const byName = await d.docker(['events', '--since', since, '--until', until, '--filter', 'container=ev3', '--filter', 'event=start', '--format', '{{.Actor.Attributes.name}}']);
  assert.equal(byName.stdout, 'ev3\n');
  const fromZero = await d.docker(['events', '--since', '0', '--until', until, '--filter', 'container=ev3', '--filter', 'event=start', '--format', '{{.Actor.Attributes.name}}']);
  assert.equal(fromZero.stdout, 'ev3\n', '--since 0 replays what the daemon still holds');
  const bad = await d.docker(['events', '--since', since, '--until', until, '--filter', 'type=bogus']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /unknown event type: bogus/);
});

test('a follower sees events as they happen', async () => {
  const child = spawn('docker', ['events', '--filter', 'container=ev4', '--format', '{{.Action}}'], { env: d.env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    await new Promise((r) => setTimeout(r, 300)); // the CLI connects
    await d.docker(['run', '--rm', '--name', 'ev4', 'busybox', 'true']);
    const deadline = Date.now() + 5000;
    while (!out.includes('destroy') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(out, 'create\nstart\ndie\ndestroy\n');
  } finally {
    child.kill();
  }
});
