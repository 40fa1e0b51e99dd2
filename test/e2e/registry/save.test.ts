// docker save / berth save: several images and tags in one archive (docker-archive + OCI layout), loaded back;
// an image pulled from a registry (layers held compressed) saves too; skopeo reads the archive as OCI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { TestRegistry } from '../../helpers/registry.js';
import { exec } from '../../helpers/exec.js';
import { BERTH_BUNDLE } from '../../helpers/paths.js';

let d: TestDaemon;
let reg: TestRegistry;
let work: string;
before(async () => {
  d = await TestDaemon.start();
  reg = await TestRegistry.start();
  work = await mkdtemp(join(tmpdir(), 'berth-save-'));
});
after(async () => {
  await d?.stop();
  await reg?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const ok = (r: { code: number; stdout: string; stderr: string }) => {
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

test('docker save -o with two tags, rmi, docker load, run', async () => {
  ok(await d.docker(['tag', 'busybox', 'app:1']));
  ok(await d.docker(['tag', 'busybox', 'app:2']));
  const file = join(work, 'all.tar');
  ok(await d.docker(['save', '-o', file, 'app:1', 'app:2']));
  const list = ok(await exec('tar', ['-tf', file]));
  assert.match(list, /manifest\.json/);
  assert.match(list, /index\.json/);
  assert.match(list, /oci-layout/);
  ok(await d.docker(['rmi', 'app:1', 'app:2']));
  const loaded = ok(await d.docker(['load', '-i', file]));
  assert.match(loaded, /Loaded image: app:1/);
  assert.match(loaded, /Loaded image: app:2/);
  assert.equal(ok(await d.docker(['run', '--rm', 'app:2', 'echo', 'loaded'])).trim(), 'loaded');
  // The same archive is an OCI layout: skopeo finds each image by its ref.name (the tag).
  const oci = await exec('skopeo', ['inspect', `oci-archive:${file}:2`]);
  assert.equal(oci.code, 0, oci.stderr);
});

test('a pulled image (layers held compressed) saves with berth save to stdout and loads back', async () => {
  const name = `${reg.host}/save/me:1`;
  ok(await d.docker(['tag', 'busybox', name]));
  ok(await d.docker(['push', name]));
  ok(await d.docker(['rmi', '-f', name, 'busybox', 'app:1', 'app:2']));
  ok(await d.docker(['pull', name]));
  const file = join(work, 'pulled.tar');
  ok(await exec('sh', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(BERTH_BUNDLE)} save ${name} > ${JSON.stringify(file)}`], { env: d.env }));
  const manifest = JSON.parse((await exec('tar', ['-xOf', file, 'manifest.json'])).stdout) as Array<{ RepoTags: string[] }>;
  assert.deepEqual(manifest[0]!.RepoTags, [name]);
  ok(await d.docker(['rmi', name]));
  assert.match(ok(await d.docker(['load', '-i', file])), new RegExp(`Loaded image: ${name}`));
  assert.equal(ok(await d.docker(['run', '--rm', name, 'echo', 'ok'])).trim(), 'ok');
});

test('a client that stops reading mid-layer: the save ends, the daemon stays up', async () => {
  // an image with a layer bigger than the socket buffers, so the client goes away while it is being sent
  await d.seedBusybox('bigbase:1'); // an earlier test removes busybox
  ok(await exec('sh', ['-c', 'docker build -q -t big:1 - <<EOF\nFROM bigbase:1\nRUN head -c 8000000 /dev/urandom > /blob\nEOF'], { env: d.env }));
  for (let i = 0; i < 3; i++) await exec('sh', ['-c', 'docker save big:1 | head -c 4096 > /dev/null'], { env: d.env });
  ok(await d.docker(['version', '--format', '{{.Server.Version}}']));
  ok(await d.docker(['rmi', 'big:1']));
});
