// berth volume create/ls/inspect/rm/prune and berth run -v/--mount/--tmpfs/--volumes-from, against the same
// daemon, compared with what docker prints.
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

const ok = async (cli: 'berth' | 'docker', args: string[]) => {
  const r = await (cli === 'berth' ? d.berth(args) : d.docker(args));
  assert.equal(r.code, 0, `${cli} ${args.join(' ')}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

test('berth volume commands print what docker prints', async () => {
  assert.equal(await ok('berth', ['volume', 'create', '--label', 'team=a', 'bv1']), 'bv1\n');
  await ok('docker', ['volume', 'create', 'bv2']);
  assert.equal(await ok('berth', ['volume', 'ls']), await ok('docker', ['volume', 'ls']));
  assert.equal(await ok('berth', ['volume', 'ls', '-q', '--filter', 'label=team=a']), 'bv1\n');
  assert.equal(await ok('berth', ['volume', 'inspect', '-f', '{{.Name}} {{.Driver}} {{.Labels}}', 'bv1']), 'bv1 local map[team:a]\n');
  assert.equal(await ok('berth', ['volume', 'inspect', 'bv2']), await ok('docker', ['volume', 'inspect', 'bv2']));
  const missing = await d.berth(['volume', 'rm', 'nope-vol']);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, 'Error response from daemon: get nope-vol: no such volume\n');
  assert.equal(await ok('berth', ['volume', 'rm', 'bv1', 'bv2']), 'bv1\nbv2\n');
});

test('berth run -v, --mount, --tmpfs and --volumes-from', async () => {
  await ok('berth', ['run', '--rm', '-v', 'bdata:/data', 'busybox', 'sh', '-c', 'echo b > /data/f']);
  assert.equal(await ok('berth', ['run', '--rm', '--mount', 'type=volume,src=bdata,dst=/d,ro', 'busybox', 'cat', '/d/f']), 'b\n');
  const tmp = await ok('berth', ['run', '--rm', '--tmpfs', '/scratch:size=2m', '--mount', 'type=tmpfs,target=/t,tmpfs-size=1m,tmpfs-mode=700', 'busybox', 'sh', '-c', 'grep -E " /(scratch|t) " /proc/mounts; stat -c %a /t']);
  assert.match(tmp, /\/scratch tmpfs [^ ]*size=2048k/);
  assert.match(tmp, /\/t tmpfs [^ ]*size=1024k[^]*\n700\n$/);
  await ok('berth', ['run', '-d', '--name', 'vsrc', '-v', '/anon', '-v', 'bdata:/data', 'busybox', 'sleep', '60']);
  assert.equal(await ok('berth', ['run', '--rm', '--volumes-from', 'vsrc', 'busybox', 'cat', '/data/f']), 'b\n');
  const bad = await d.berth(['run', '--rm', '--mount', 'type=volume,bogus=1,dst=/x', 'busybox', 'true']);
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /unexpected key 'bogus'/);
  await ok('berth', ['rm', '-fv', 'vsrc']);
  assert.equal(await ok('berth', ['volume', 'ls', '-q']), 'bdata\n');
  const pruned = await ok('berth', ['volume', 'prune', '-af']);
  assert.match(pruned, /Deleted Volumes:\nbdata\n/);
});
