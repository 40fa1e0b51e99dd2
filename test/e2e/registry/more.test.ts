// The rest of the registry surface: docker.io through a registry mirror, pull -a (every tag), a pull cancelled
// when the client goes away (nothing left behind), docker export | docker import.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { TestRegistry, startCuttingProxy } from '../../helpers/registry.js';
import { exec } from '../../helpers/exec.js';
import { BERTH_BUNDLE } from '../../helpers/paths.js';
import { writeOciLayout } from './oci-fixture.js';
import { buildTar } from '../images/fixtures.js';

let d: TestDaemon;
let reg: TestRegistry;
let emptyMirror: TestRegistry;
let work: string;
before(async () => {
  reg = await TestRegistry.start();
  emptyMirror = await TestRegistry.start();
  // Two mirrors, both this test's own registries: the first has nothing, so every pull falls through to the second.
  d = await TestDaemon.start({ extraArgs: ['--registry-mirror', `http://${emptyMirror.host}`, '--registry-mirror', `http://${reg.host}`] });
  work = await mkdtemp(join(tmpdir(), 'berth-regmore-'));
});
after(async () => {
  await d?.stop();
  await reg?.stop();
  await emptyMirror?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const ok = (r: { code: number; stdout: string; stderr: string }) => {
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

test('docker.io names are pulled through the mirrors: one that lacks the image hands over to the next', async () => {
  ok(await d.docker(['tag', 'busybox', `${reg.host}/library/mirrored:1`]));
  ok(await d.docker(['push', `${reg.host}/library/mirrored:1`]));
  const out = ok(await d.docker(['pull', 'mirrored:1']));
  assert.match(out, /1: Pulling from library\/mirrored/);
  assert.match(out, /Status: Downloaded newer image for mirrored:1/);
  assert.equal(ok(await d.docker(['run', '--rm', 'mirrored:1', 'echo', 'via mirror'])).trim(), 'via mirror');
  assert.match(emptyMirror.logs, /\/v2\/library\/mirrored\/manifests\/1/, 'the first mirror was asked first');
});

test('an image no mirror has: after the mirrors, docker.io itself is asked (here: a network error, not "not found")', async () => {
  const r = await d.docker(['pull', 'nowhere-to-be-found:1'], { timeoutMs: 60_000 });
  if (r.code === 0) return; // impossible here; a machine with network access would find nothing either
  assert.match(r.stderr, /registry-1\.docker\.io|dial tcp|lookup/);
  assert.match(reg.logs, /\/v2\/library\/nowhere-to-be-found\/manifests\/1/);
});

test('berth pull -a fetches every tag of the repository', async () => {
  for (const t of ['a', 'b', 'c']) {
    ok(await d.docker(['tag', 'busybox', `${reg.host}/multi/tags:${t}`]));
    ok(await d.docker(['push', `${reg.host}/multi/tags:${t}`]));
    ok(await d.docker(['rmi', `${reg.host}/multi/tags:${t}`]));
  }
  const out = ok(await d.berth(['pull', '-a', `${reg.host}/multi/tags`]));
  for (const t of ['a', 'b', 'c']) assert.match(out, new RegExp(`Status: (Downloaded newer image|Image is up to date) for ${reg.host}/multi/tags:${t}`));
  const tags = ok(await d.docker(['images', '--format', '{{.Tag}}', `${reg.host}/multi/tags`])).split('\n').filter(Boolean).sort();
  assert.deepEqual(tags, ['a', 'b', 'c']);
});

test('a pull whose client goes away is cancelled and leaves nothing behind', async () => {
  const layout = join(work, 'stall');
  await writeOciLayout(layout, [{ tar: await buildTar([{ name: 'big.bin', content: randomBytes(2_000_000) }]), compression: 'none' }], ['true']);
  assert.equal((await exec('skopeo', ['copy', '-q', '--dest-tls-verify=false', `oci:${layout}:latest`, `docker://${reg.host}/stall/img:1`])).code, 0);
  const proxy = await startCuttingProxy(reg.port, 500_000, 'stall');
  try {
    const before = await readdir(join(d.dataRoot, 'snapshots'));
    const child = spawn('docker', ['pull', `127.0.0.1:${proxy.port}/stall/img:1`], { env: d.env, stdio: 'ignore' });
    // Wait until the layer is being unpacked (a tmp- snapshot dir exists), then the client goes away.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !(await readdir(join(d.dataRoot, 'snapshots'))).some((n) => n.startsWith('tmp-'))) await new Promise((r) => setTimeout(r, 50));
    assert.ok((await readdir(join(d.dataRoot, 'snapshots'))).some((n) => n.startsWith('tmp-')), 'the pull started unpacking');
    child.kill('SIGKILL');
    const gone = Date.now() + 10_000;
    let left: string[] = [];
    while (Date.now() < gone) {
      left = (await readdir(join(d.dataRoot, 'snapshots'))).filter((n) => !before.includes(n));
      const ingest = await readdir(join(d.dataRoot, 'content/ingest'));
      if (left.length === 0 && ingest.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(left, []);
    assert.deepEqual(await readdir(join(d.dataRoot, 'content/ingest')), []);
    assert.equal((await d.docker(['image', 'inspect', `127.0.0.1:${proxy.port}/stall/img:1`])).code, 1);
  } finally {
    await proxy.close();
  }
});

test('docker export of a container, then docker import of the tar, runs with the container\'s changes', async () => {
  ok(await d.docker(['run', '--name', 'exp', 'busybox', 'sh', '-c', 'echo changed > /etc/new-file && rm /bin/vi']));
  const file = join(work, 'fs.tar');
  ok(await d.docker(['export', '-o', file, 'exp']));
  const list = ok(await exec('tar', ['-tf', file]));
  assert.match(list, /etc\/new-file/);
  assert.doesNotMatch(list, /bin\/vi$/m);
  assert.match(list, /bin\/sh/);
  ok(await d.docker(['import', file, 'exported:1']));
  assert.equal(ok(await d.docker(['run', '--rm', 'exported:1', 'cat', '/etc/new-file'])).trim(), 'changed');
  const berthOut = join(work, 'fs2.tar');
  ok(await exec('sh', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(BERTH_BUNDLE)} export exp > ${JSON.stringify(berthOut)}`], { env: d.env }));
  assert.match(ok(await exec('tar', ['-tf', berthOut])), /etc\/new-file/);
  ok(await d.docker(['rm', 'exp']));
});

test('on a terminal, docker draws one line per layer and updates it in place (Downloading bars)', async () => {
  const name = `${reg.host}/tty/app:1`;
  ok(await d.docker(['tag', 'busybox', name]));
  ok(await d.docker(['push', name]));
  ok(await d.docker(['rmi', name]));
  const id = ok(await d.docker(['image', 'inspect', '-f', '{{.Id}}', 'busybox'])).trim();
  ok(await d.docker(['rmi', '-f', id]));
  const r = await exec('script', ['-qec', `docker pull ${name}`, '/dev/null'], { env: d.env });
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /\x1b\[1A\x1b\[2K\r[0-9a-f]{12}: Downloading +[\d.]+[kM]?B\/[\d.]+[kM]?B/);
  assert.match(r.stdout, /\x1b\[1A\x1b\[2K\r[0-9a-f]{12}: Pull complete/);
  assert.doesNotMatch(r.stdout, /: Pulling fs layer\r\n/, 'layer status lines are progress lines (updated in place), not plain lines');
});
