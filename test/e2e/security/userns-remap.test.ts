// dockerd's --userns-remap=default: root in the container is the start of dockremap's subordinate range on the
// host. Checked from the host side: the container's processes, the files it writes (upper dir, volume) and the
// image's layers are owned by the range; inside, everything looks as without the remap. Images made from a
// remapped container (commit, export) carry the container's IDs, not the host's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { exec } from '../../helpers/exec.js';
import { TestDaemon } from '../../helpers/test-daemon.js';

let d: TestDaemon;
let base: { uid: number; gid: number };

before(async () => {
  d = await TestDaemon.start({ extraArgs: ['--userns-remap', 'default'] });
  // the containers' root (an unprivileged host user) must be able to reach the bind mounts' sources
  await chmod(d.dir, 0o711);
  const line = (await readFile('/etc/subuid', 'utf8')).split('\n').find((l) => l.startsWith('dockremap:'))!;
  const gline = (await readFile('/etc/subgid', 'utf8')).split('\n').find((l) => l.startsWith('dockremap:'))!;
  base = { uid: Number(line.split(':')[1]), gid: Number(gline.split(':')[1]) };
});
after(async () => {
  if (process.env.SHOW_LOGS) console.log(d?.logs.slice(-6000));
  await d?.stop();
});

test('docker info names the remapped root dir and the userns security option', async () => {
  const r = await d.docker(['info', '--format', '{{.DockerRootDir}} {{json .SecurityOptions}}']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), `${join(d.dataRoot, `${base.uid}.${base.gid}`)} ["name=seccomp,profile=builtin","name=userns"]`);
});

test('root inside is an unprivileged range outside; files look as in the image', async () => {
  const inside = await d.docker(['run', '--rm', 'busybox', 'sh', '-c', 'id -u; stat -c "%u %g" /bin/busybox /; cat /proc/self/uid_map']);
  assert.equal(inside.code, 0, inside.stderr);
  const [uid, owners, rootOwner, map] = inside.stdout.trim().split('\n');
  assert.equal(uid, '0');
  assert.equal(owners, '0 0');
  assert.equal(rootOwner, '0 0');
  assert.deepEqual(map!.trim().split(/\s+/).map(Number), [0, base.uid, 65536]);

  const run = await d.docker(['run', '-d', '--name', 'remapped', 'busybox', 'sh', '-c', 'echo data > /made-here; sleep 300']);
  assert.equal(run.code, 0, run.stderr);
  const pid = (await d.docker(['inspect', '-f', '{{.State.Pid}}', 'remapped'])).stdout.trim();
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  assert.match(status, new RegExp(`^Uid:\\s+${base.uid}\\s+${base.uid}\\s+${base.uid}\\s+${base.uid}$`, 'm'));
  // the file it wrote, seen from the host: owned by the range
  const id = (await d.docker(['inspect', '-f', '{{.Id}}', 'remapped'])).stdout.trim();
  const upper = join(d.dataRoot, `${base.uid}.${base.gid}`, 'containers', id, 'upper');
  for (let i = 0; i < 50 && !(await stat(join(upper, 'made-here')).catch(() => undefined)); i++) await new Promise((r) => setTimeout(r, 100));
  const st = await stat(join(upper, 'made-here'));
  assert.deepEqual([st.uid, st.gid], [base.uid, base.gid]);
  // the image's layers on the host: shifted too
  const snapshots = join(d.dataRoot, `${base.uid}.${base.gid}`, 'snapshots');
  const layer = (await readdir(snapshots)).find((n) => /^\d+$/.test(n))!;
  const bb = await stat(join(snapshots, layer, 'fs', 'bin', 'busybox'));
  assert.deepEqual([bb.uid, bb.gid], [base.uid, base.gid]);
  // exec joins the same user namespace
  const e = await d.docker(['exec', 'remapped', 'sh', '-c', 'id -u; cat /made-here']);
  assert.equal(e.stdout, '0\ndata\n');
  assert.equal((await d.docker(['rm', '-f', 'remapped'])).code, 0);
});

test('networking works inside the user namespace: eth0 with an address, /sys mounted, the gateway answers', async () => {
  const r = await d.docker(['run', '--rm', 'busybox', 'sh', '-c', 'ip -o -4 addr show eth0 | wc -l; ls /sys/class/net | sort | tr "\\n" " "; ping -c1 -W2 $(ip route | awk "/default/ {print \\$3}") >/dev/null && echo ping-ok']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '1\neth0 lo ping-ok\n');
});

test('a named volume belongs to the container root; its files are the range on the host', async () => {
  const r = await d.docker(['run', '--rm', '-v', 'remapvol:/data', 'busybox', 'sh', '-c', 'echo x > /data/f && stat -c "%u" /data/f']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '0\n');
  const mp = (await d.docker(['volume', 'inspect', '-f', '{{.Mountpoint}}', 'remapvol'])).stdout.trim();
  assert.equal((await stat(join(mp, 'f'))).uid, base.uid);
  await d.docker(['volume', 'rm', 'remapvol']);
});

test('commit and export carry the container IDs, not the host range', async () => {
  assert.equal((await d.docker(['run', '--name', 'maker', 'busybox', 'sh', '-c', 'mkdir /out && touch /out/root-file && chown 1000:1000 /out && touch /out/user-file && chown 1000:1000 /out/user-file'])).code, 0);
  const exported = await exec('sh', ['-c', 'docker export maker | tar -tvf - --numeric-owner | grep out/'], { env: d.env });
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stdout, /^drwxr-xr-x 1000\/1000 .* (\.\/)?out\/$/m);
  assert.match(exported.stdout, /^-rw-r--r-- 0\/0 .* (\.\/)?out\/root-file$/m);
  assert.match(exported.stdout, /^-rw-r--r-- 1000\/1000 .* (\.\/)?out\/user-file$/m);
  assert.equal((await d.docker(['commit', 'maker', 'remapped:committed'])).code, 0);
  // the committed layer as saved: the last layer of manifest.json, listed with numeric owners
  const script = 'set -e; t=$(mktemp -d); docker save -o $t/i.tar remapped:committed; tar -xf $t/i.tar -C $t; ' +
    'l=$(sed -e \'s/.*"Layers":\\[//\' -e \'s/\\].*//\' $t/manifest.json | tr , "\\n" | tail -1 | tr -d \'"\'); tar -tvf $t/$l --numeric-owner; rm -rf $t';
  const saved = await exec('sh', ['-c', script], { env: d.env });
  assert.equal(saved.code, 0, saved.stderr);
  assert.match(saved.stdout, /1000\/1000 .* (\.\/)?out\/user-file/);
  assert.doesNotMatch(saved.stdout, new RegExp(` ${base.uid}/`));
  const again = await d.docker(['run', '--rm', 'remapped:committed', 'stat', '-c', '%u:%g %n', '/out/user-file', '/out/root-file']);
  assert.equal(again.stdout, '1000:1000 /out/user-file\n0:0 /out/root-file\n');
  await d.docker(['rm', 'maker']);
});

test('host namespaces and --privileged need --userns=host, as in dockerd', async () => {
  const net = await d.docker(['run', '--rm', '--network', 'host', 'busybox', 'true']);
  assert.equal(net.code, 125);
  assert.match(net.stderr, /cannot share the host's network namespace when user namespaces are enabled/);
  const priv = await d.docker(['run', '--rm', '--privileged', 'busybox', 'true']);
  assert.equal(priv.code, 125);
  assert.match(priv.stderr, /privileged mode is incompatible with user namespaces/);
  const host = await d.docker(['run', '--rm', '--userns', 'host', '--network', 'host', 'busybox', 'sh', '-c', 'cat /proc/self/uid_map']);
  assert.equal(host.code, 0, host.stderr);
  assert.deepEqual(host.stdout.trim().split(/\s+/).map(Number), [0, 0, 4294967295]);
});

test('a build under the remap: RUN and COPY --chown give the IDs the Dockerfile says', async () => {
  const ctx = `${d.dir}/ctx`;
  await exec('sh', ['-c', `mkdir -p ${ctx} && echo hi > ${ctx}/f && printf 'FROM busybox\\nRUN mkdir /r && chown 7:7 /r\\nCOPY --chown=1000:1000 f /c/f\\n' > ${ctx}/Dockerfile`]);
  const b = await d.docker(['build', '-q', '-t', 'remapped:built', ctx]);
  assert.equal(b.code, 0, b.stderr);
  const r = await d.docker(['run', '--rm', 'remapped:built', 'stat', '-c', '%u:%g %n', '/r', '/c/f']);
  assert.equal(r.stdout, '7:7 /r\n1000:1000 /c/f\n');
});

test('docker cp under the remap: files copied in belong to the container root (or keep their IDs with -a), copied out show container IDs', async () => {
  assert.equal((await d.docker(['run', '-d', '--name', 'cpr', 'busybox', 'sleep', '300'])).code, 0);
  const src = `${d.dir}/cp-src`;
  await exec('sh', ['-c', `mkdir -p ${src} && echo hi > ${src}/f && chown 1234:1234 ${src}/f`]);
  assert.equal((await d.docker(['cp', `${src}/f`, 'cpr:/tmp/f'])).code, 0);
  assert.equal((await d.docker(['cp', '-a', `${src}/f`, 'cpr:/tmp/fa'])).code, 0);
  const inside = await d.docker(['exec', 'cpr', 'stat', '-c', '%u:%g', '/tmp/f', '/tmp/fa']);
  assert.equal(inside.stdout, '0:0\n1234:1234\n');
  await d.docker(['exec', 'cpr', 'sh', '-c', 'echo x > /tmp/made && chown 42:42 /tmp/made']);
  const listed = await exec('sh', ['-c', 'docker cp cpr:/tmp/made - | tar -tvf - --numeric-owner'], { env: d.env });
  assert.match(listed.stdout, /^-rw-r--r-- 42\/42 /m);
  assert.equal((await d.docker(['rm', '-f', 'cpr'])).code, 0);
});
