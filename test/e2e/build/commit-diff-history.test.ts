// docker commit (pause by default, --change, -a, -m), docker diff (A/C/D), docker history of built images
// (CreatedBy, sizes, <missing> for parents not built here); intermediate images stay out of `docker images`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { makeContext, classic } from './helpers.js';

let d: TestDaemon;
const dirs: string[] = [];
before(async () => {
  d = await TestDaemon.start();
});
after(async () => {
  await d?.stop();
  for (const x of dirs) await rm(x, { recursive: true, force: true });
});

test('docker diff lists added, changed and deleted paths', async () => {
  const c = await d.docker(['run', '--name', 'differ', 'busybox', 'sh', '-c', 'echo new > /added; rm /bin/ls; echo x >> /etc/passwd']);
  assert.equal(c.code, 0, c.stderr);
  const r = await d.docker(['diff', 'differ']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.includes('A /added'), r.stdout);
  assert.ok(lines.includes('D /bin/ls'), r.stdout);
  assert.ok(lines.includes('C /etc/passwd'), r.stdout);
  assert.ok(lines.includes('C /etc'), r.stdout);
  assert.ok(!lines.some((l) => /hostname|resolv|\/proc|\/sys/.test(l)), r.stdout);
});

test('docker commit of a running container: pause, --change, author, message', async () => {
  const run = await d.docker(['run', '-d', '--name', 'live', 'busybox', 'sh', '-c', 'echo state > /state; sleep 300']);
  assert.equal(run.code, 0, run.stderr);
  await new Promise((r) => setTimeout(r, 300));
  const c = await d.docker(['commit', '-c', 'CMD ["cat", "/state"]', '-c', 'ENV COMMITTED=1', '-m', 'snapshot', '-a', 'me', 'live', 'app:snap']);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout.trim(), /^sha256:[a-f0-9]{64}$/);
  const out = await d.docker(['run', '--rm', 'app:snap']);
  assert.equal(out.stdout, 'state\n', out.stderr);
  const [img] = JSON.parse((await d.docker(['image', 'inspect', 'app:snap'])).stdout);
  assert.equal(img.Author, 'me');
  assert.equal(img.Comment, 'snapshot');
  assert.ok(img.Config.Env.includes('COMMITTED=1'));
  assert.equal(img.RootFS.Layers.length, 2);
  const st = JSON.parse((await d.docker(['inspect', 'live'])).stdout)[0].State;
  assert.equal(st.Running, true, 'resumed after the commit');
  assert.equal(st.Paused, false);
  await d.docker(['rm', '-f', 'live']);
  const hist = await d.docker(['history', '--no-trunc', '--format', '{{.ID}}|{{.CreatedBy}}|{{.Comment}}', 'app:snap']);
  const rows = hist.stdout.trim().split('\n');
  assert.match(rows[0]!, /^sha256:[a-f0-9]{64}\|sh -c echo state > \/state; sleep 300\|snapshot$/);
});

test('docker history of a built image: one row per step, IDs of built steps, <missing> below', async () => {
  const dir = await makeContext({ Dockerfile: 'FROM busybox\nENV A=1\nRUN echo hi > /f\nCMD ["sh"]\n' });
  dirs.push(dir);
  const b = await d.docker(['build', '-t', 'hist:1', dir], { env: classic });
  assert.equal(b.code, 0, b.stderr + b.stdout);
  const h = await d.docker(['history', '--format', '{{.ID}}|{{.CreatedBy}}|{{.Size}}', 'hist:1']);
  const rows = h.stdout.trim().split('\n').map((l) => l.split('|'));
  assert.equal(rows.length, 4);
  assert.match(rows[0]![1]!, /#\(nop\) CMD \["sh"\]/);
  assert.match(rows[1]![1]!, /\/bin\/sh -c echo hi > \/f/);
  assert.notEqual(rows[1]![2], '0B');
  assert.match(rows[2]![1]!, /#\(nop\) ENV A=1/);
  for (const r of rows.slice(0, 3)) assert.match(r[0]!, /^[a-f0-9]{12}$/);
  // The bottom row is busybox's own (imported here, so it has an ID; a pulled base's lower rows would be <missing>).
  assert.match(rows[3]![0]!, /^[a-f0-9]{12}$/);
  // Intermediate images are hidden from `docker images` but listed by -a.
  const list = (await d.docker(['images', '-q'])).stdout.trim().split('\n');
  const all = (await d.docker(['images', '-aq'])).stdout.trim().split('\n');
  assert.ok(all.length > list.length, `${all.length} vs ${list.length}`);
  assert.ok(!(await d.docker(['images'])).stdout.includes('<none>'));
  // Removing the image removes its intermediate parents too.
  const rmi = await d.docker(['rmi', 'hist:1']);
  assert.equal(rmi.code, 0, rmi.stderr);
  assert.equal((rmi.stdout.match(/^Deleted: /gm) ?? []).length >= 3, true, rmi.stdout);
});
