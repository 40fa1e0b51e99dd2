// docker ps through the real docker CLI: default and -a listings, -q --no-trunc, filters, -s, -n/-l.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TestDaemon } from '../../helpers/test-daemon.js';

let d: TestDaemon;
const ids: Record<string, string> = {};
before(async () => {
  d = await TestDaemon.start();
  const run = async (name: string, args: string[]) => {
    const r = await d.docker(['run', '-d', '--name', name, ...args]);
    assert.equal(r.code, 0, r.stderr);
    ids[name] = r.stdout.trim();
  };
  await run('done0', ['-l', 'tier=batch', 'busybox', 'true']);
  await run('done3', ['-l', 'tier=batch', '-l', 'x', 'busybox', 'sh', '-c', 'exit 3']);
  await run('web', ['-l', 'tier=front', 'busybox', 'sleep', '300']);
  const c = await d.docker(['create', '--name', 'fresh', 'busybox', 'true']);
  ids.fresh = c.stdout.trim();
  await d.docker(['wait', 'done0', 'done3']);
});
after(async () => {
  await d?.stop();
});

const names = async (...args: string[]) => {
  const r = await d.docker(['ps', ...args, '--format', '{{.Names}}']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean).sort();
};

test('ps lists running containers with Docker columns; -a adds the others, newest first', async () => {
  const r = await d.docker(['ps']);
  const [header, ...rows] = r.stdout.trimEnd().split('\n');
  assert.match(header!, /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/);
  assert.equal(rows.length, 1);
  assert.match(rows[0]!, new RegExp(`^${ids.web!.slice(0, 12)}\\s+busybox\\s+"sleep 300"\\s+.*Up .*\\s+web$`));
  const all = await d.docker(['ps', '-a', '--format', '{{.Names}}\t{{.Status}}']);
  const lines = all.stdout.trimEnd().split('\n');
  assert.deepEqual(lines.map((l) => l.split('\t')[0]), ['fresh', 'web', 'done3', 'done0']);
  assert.match(lines[0]!, /\tCreated$/);
  assert.match(lines[2]!, /\tExited \(3\) .* ago$/);
});

test('-a -q --no-trunc prints full IDs', async () => {
  const r = await d.docker(['ps', '-a', '-q', '--no-trunc']);
  assert.deepEqual(r.stdout.trim().split('\n').sort(), Object.values(ids).sort());
  const short = await d.docker(['ps', '-q']);
  assert.equal(short.stdout, `${ids.web!.slice(0, 12)}\n`);
});

test('filters: status, name, label, ancestor, exited, id — combined as AND across keys', async () => {
  assert.deepEqual(await names('-a', '-f', 'status=exited'), ['done0', 'done3']);
  assert.deepEqual(await names('-a', '-f', 'status=created'), ['fresh']);
  assert.deepEqual(await names('-a', '-f', 'status=exited', '-f', 'status=running'), ['done0', 'done3', 'web']);
  assert.deepEqual(await names('-a', '-f', 'name=done'), ['done0', 'done3']);
  assert.deepEqual(await names('-a', '-f', 'label=tier=batch'), ['done0', 'done3']);
  assert.deepEqual(await names('-a', '-f', 'label=x'), ['done3']);
  assert.deepEqual(await names('-a', '-f', 'label=tier=batch', '-f', 'status=exited', '-f', 'name=done3'), ['done3']);
  assert.deepEqual(await names('-a', '-f', 'ancestor=busybox'), ['done0', 'done3', 'fresh', 'web']);
  assert.deepEqual(await names('-a', '-f', 'ancestor=busybox:latest', '-f', 'status=running'), ['web']);
  assert.deepEqual(await names('-a', '-f', 'exited=3'), ['done3']);
  assert.deepEqual(await names('-a', '-f', `id=${ids.fresh!.slice(0, 6)}`), ['fresh']);
  const bad = await d.docker(['ps', '-f', 'nope=1']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /invalid filter 'nope'/);
});

test('-s adds a SIZE column; -n and -l limit to the newest', async () => {
  const r = await d.docker(['ps', '-s']);
  assert.match(r.stdout.split('\n')[0]!, /NAMES\s+SIZE$/);
  assert.match(r.stdout.split('\n')[1]!, /web\s+\d+(\.\d+)?[kMG]?B \(virtual \d+(\.\d+)?[kMG]?B\)$/);
  assert.deepEqual(await names('-n', '2'), ['fresh', 'web']);
  assert.deepEqual(await names('-l'), ['fresh']);
});
