// Volumes and mounts through the docker CLI: named volumes outlive containers and go with `volume rm`; read-only
// mounts refuse writes; binds, tmpfs with options, --mount errors; copy-up from the image (never through an image
// symlink); anonymous volumes (-v /path, image VOLUME) removed by rm -v and --rm; in-use volumes refused; filters,
// prune, --volumes-from.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, access, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { buildTar } from '../images/fixtures.js';

let d: TestDaemon;
let host: string;
before(async () => {
  d = await TestDaemon.start();
  host = await mkdtemp(join(tmpdir(), 'berth-vol-host-'));
});
after(async () => {
  await d?.stop();
  if (host) await rm(host, { recursive: true, force: true });
});

const ok = async (args: string[], input?: Buffer) => {
  const r = await d.docker(args, input ? { input } : {});
  assert.equal(r.code, 0, `docker ${args.join(' ')}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};
const exists = (p: string) => access(p).then(() => true, () => false);

test('a named volume keeps its data across containers, refuses writes when mounted ro, and is gone after volume rm', async () => {
  await ok(['run', '--rm', '-v', 'data:/data', 'busybox', 'sh', '-c', 'echo kept > /data/x']);
  assert.equal(await ok(['run', '--rm', '-v', 'data:/data', 'busybox', 'cat', '/data/x']), 'kept\n');
  const ro = await d.docker(['run', '--rm', '-v', 'data:/data:ro', 'busybox', 'sh', '-c', 'echo no > /data/y']);
  assert.notEqual(ro.code, 0);
  assert.match(ro.stderr, /Read-only file system/);
  const mountpoint = (await ok(['volume', 'inspect', '-f', '{{.Mountpoint}}', 'data'])).trim();
  assert.equal(await readFile(join(mountpoint, 'x'), 'utf8'), 'kept\n');
  await ok(['run', '-d', '--name', 'user', '-v', 'data:/data', 'busybox', 'sleep', '60']);
  const inUse = await d.docker(['volume', 'rm', 'data']);
  assert.notEqual(inUse.code, 0);
  assert.match(inUse.stderr, /volume is in use/);
  await ok(['rm', '-f', 'user']);
  assert.equal(await ok(['volume', 'rm', 'data']), 'data\n');
  assert.equal(await exists(mountpoint), false);
  const gone = await d.docker(['volume', 'inspect', 'data']);
  assert.notEqual(gone.code, 0);
  assert.match(gone.stderr, /no such volume/);
});

test('binds (ro, created by -v when missing), tmpfs with size and mode, and --mount errors', async () => {
  await writeFile(join(host, 'f'), 'from host\n');
  const out = await ok(['run', '--rm', '-v', `${host}:/h:ro`, '--tmpfs', '/run:size=1m,mode=1777', 'busybox', 'sh', '-c', 'cat /h/f; grep " /run " /proc/mounts; stat -c %a /run; touch /h/g || echo refused']);
  assert.match(out, /^from host\n/);
  assert.match(out, /tmpfs \/run tmpfs rw,nosuid,nodev,noexec[^ ]*size=1024k/);
  assert.match(out, /\n1777\nrefused\n$/);
  await ok(['run', '--rm', '-v', `${host}/made:/m`, 'busybox', 'sh', '-c', 'echo w > /m/w']);
  assert.equal(await readFile(join(host, 'made', 'w'), 'utf8'), 'w\n');
  await ok(['run', '--rm', '--mount', `type=bind,source=${host},target=/b,readonly`, '--mount', 'type=tmpfs,target=/t,tmpfs-size=65536', 'busybox', 'sh', '-c', 'cat /b/f; df /t | tail -1']);
  const missing = await d.docker(['run', '--rm', '--mount', `type=bind,source=${host}/nope,target=/x`, 'busybox', 'true']);
  assert.equal(missing.code, 125);
  assert.match(missing.stderr, /bind source path does not exist/);
  const dup = await d.docker(['run', '--rm', '-v', 'a1:/x', '-v', 'a2:/x', 'busybox', 'true']);
  assert.notEqual(dup.code, 0);
  assert.match(dup.stderr, /Duplicate mount point/);
});

test('copy-up: a new volume is filled from the image path it is mounted on, not with nocopy, never through an image symlink', async () => {
  assert.equal(await ok(['run', '--rm', '-v', 'etcvol:/etc', 'busybox', 'ls', '/etc']), 'group\npasswd\n');
  const mp = (await ok(['volume', 'inspect', '-f', '{{.Mountpoint}}', 'etcvol'])).trim();
  assert.match(await readFile(join(mp, 'passwd'), 'utf8'), /root:/);
  assert.equal(await ok(['run', '--rm', '--mount', 'type=volume,source=nocp,target=/etc,volume-nocopy', 'busybox', 'ls', '/etc']), '');
  // An image whose /data is a symlink to an absolute host-looking path: nothing of the host may be copied.
  await writeFile(join(host, 'secret'), 'host secret\n');
  const tar = await buildTar([{ name: 'data', type: 'symlink', linkname: host }]);
  await ok(['import', '-', 'linky:1'], tar);
  const base = await ok(['image', 'inspect', '-f', '{{.Id}}', 'busybox']);
  assert.ok(base);
  const r = await d.docker(['run', '--rm', '-v', 'linkvol:/data', 'linky:1', '/nothing']);
  assert.notEqual(r.code, 0); // the image has no binaries; the mount and copy-up happen before
  const lmp = (await ok(['volume', 'inspect', '-f', '{{.Mountpoint}}', 'linkvol'])).trim();
  assert.deepEqual(await readdir(lmp), []);
  await ok(['volume', 'rm', 'etcvol', 'nocp', 'linkvol']);
});

test('anonymous volumes: -v /path and an image VOLUME; rm -v and --rm remove them, plain rm keeps them', async () => {
  const bb = (await ok(['image', 'inspect', '-f', '{{.Id}}', 'busybox'])).trim();
  await ok(['tag', bb, 'withvol:1']);
  // An image with a VOLUME, made by commit --change of a container.
  await ok(['run', '--name', 'mk', 'busybox', 'sh', '-c', 'mkdir -p /vol && echo seeded > /vol/s']);
  await ok(['commit', '-c', 'VOLUME /vol', 'mk', 'withvol:2']);
  await ok(['rm', 'mk']);
  const before = (await ok(['volume', 'ls', '-q'])).split('\n').filter(Boolean);
  await ok(['run', '--name', 'a1', '-v', '/anon', 'withvol:2', 'cat', '/vol/s']);
  const mounts = JSON.parse(await ok(['inspect', '-f', '{{json .Mounts}}', 'a1'])) as Array<{ Type: string; Name: string; Destination: string }>;
  assert.deepEqual(mounts.map((m) => [m.Type, m.Destination]).sort(), [['volume', '/anon'], ['volume', '/vol']]);
  assert.equal(await ok(['logs', 'a1']), 'seeded\n', 'the image VOLUME was filled from the image');
  await ok(['rm', '-v', 'a1']);
  assert.deepEqual((await ok(['volume', 'ls', '-q'])).split('\n').filter(Boolean), before);
  await ok(['run', '--rm', '-v', '/anon', 'busybox', 'true']);
  assert.deepEqual((await ok(['volume', 'ls', '-q'])).split('\n').filter(Boolean), before);
  await ok(['run', '--name', 'a2', '-v', '/anon', 'busybox', 'true']);
  await ok(['rm', 'a2']);
  const left = (await ok(['volume', 'ls', '-q', '--filter', 'dangling=true'])).split('\n').filter(Boolean);
  assert.equal(left.filter((v) => !before.includes(v)).length, 1, 'plain rm keeps the anonymous volume');
  await ok(['volume', 'create', '--label', 'keep=yes', 'named1']);
  const pruned = await ok(['volume', 'prune', '-f']);
  assert.doesNotMatch(pruned, /named1/, 'prune without -a leaves named volumes');
  assert.deepEqual((await ok(['volume', 'ls', '-q', '--filter', 'label=keep=yes'])), 'named1\n');
  await ok(['volume', 'prune', '-af']);
  assert.equal(await ok(['volume', 'ls', '-q']), '');
  await ok(['rmi', 'withvol:1', 'withvol:2']);
});

test('--volumes-from shares another container\'s volumes (ro when asked)', async () => {
  await ok(['run', '-d', '--name', 'src', '-v', 'shared:/s', 'busybox', 'sh', '-c', 'echo hi > /s/f; sleep 60']);
  assert.equal(await ok(['run', '--rm', '--volumes-from', 'src', 'busybox', 'sh', '-c', 'sleep 0.5; cat /s/f']), 'hi\n');
  const ro = await d.docker(['run', '--rm', '--volumes-from', 'src:ro', 'busybox', 'touch', '/s/g']);
  assert.notEqual(ro.code, 0);
  await ok(['rm', '-f', 'src']);
  await ok(['volume', 'rm', 'shared']);
});

test('volume and network events, filtered by type and name: create, connect, mount, disconnect, destroy', async () => {
  const since = Math.floor(Date.now() / 1000) - 1;
  await ok(['network', 'create', 'evnet']);
  await ok(['run', '--rm', '--network', 'evnet', '-v', 'evvol:/d', 'busybox', 'true']);
  await ok(['volume', 'rm', 'evvol']);
  await ok(['network', 'rm', 'evnet']);
  const until = Math.floor(Date.now() / 1000) + 1;
  const vol = await ok(['events', '--since', String(since), '--until', String(until), '--filter', 'type=volume', '--filter', 'volume=evvol', '--format', '{{.Type}} {{.Action}} {{.Actor.ID}}']);
  assert.deepEqual(vol.trim().split('\n'), ['volume create evvol', 'volume mount evvol', 'volume destroy evvol']);
  const net = await ok(['events', '--since', String(since), '--until', String(until), '--filter', 'network=evnet', '--format', '{{.Action}} {{.Actor.Attributes.name}}']);
  assert.deepEqual(net.trim().split('\n'), ['create evnet', 'connect evnet', 'disconnect evnet', 'destroy evnet']);
});
