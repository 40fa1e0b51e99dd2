// docker top / berth top: the container's processes (its PID namespace, as host pids) through the host's ps,
// with ps options; only the container's processes; errors for a stopped container and a ps without a PID column.
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

test('top lists exactly the container\'s processes, with ps options', async () => {
  assert.equal((await d.docker(['run', '-d', '--name', 'tp', 'busybox', 'sh', '-c', 'sleep 1001 & sleep 1002'])).code, 0);
  const pid = (await d.docker(['inspect', '-f', '{{.State.Pid}}', 'tp'])).stdout.trim();
  let r = await d.docker(['top', 'tp']);
  for (let i = 0; i < 20 && !/sleep 1001/.test(r.stdout); i++) {
    await new Promise((res) => setTimeout(res, 100));
    r = await d.docker(['top', 'tp']);
  }
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0]!, /^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD$/);
  assert.equal(lines.length, 3, r.stdout);
  assert.ok(lines.some((l) => l.split(/\s+/)[1] === pid && /sleep 1002$/.test(l)), r.stdout);
  assert.ok(lines.some((l) => /sleep 1001$/.test(l)), r.stdout);
  const aux = await d.docker(['top', 'tp', 'aux']);
  assert.match(aux.stdout.split('\n')[0]!, /^USER\s+PID\s+%CPU\s+%MEM/);
  assert.equal(aux.stdout.trim().split('\n').length, 3);
  const custom = await d.docker(['top', 'tp', '-o', 'pid,args']);
  assert.deepEqual(custom.stdout.trim().split('\n').map((l) => l.replace(/^\d+\s+/, 'N ')).sort(), ['N sleep 1001', 'N sleep 1002', 'PID                 COMMAND'].sort());
  const berth = await d.berth(['top', 'tp', '-o', 'pid,comm']);
  assert.equal(berth.code, 0, berth.stderr);
  assert.equal(berth.stdout.trim().split('\n').length, 3);
  const noPid = await d.docker(['top', 'tp', '-o', 'comm']);
  assert.notEqual(noPid.code, 0);
  assert.match(noPid.stderr, /Couldn't find PID field in ps output/);
  await d.docker(['stop', '-t', '0', 'tp']);
  const stopped = await d.docker(['top', 'tp']);
  assert.notEqual(stopped.code, 0);
  assert.match(stopped.stderr, /is not running/);
  await d.docker(['rm', 'tp']);
});
