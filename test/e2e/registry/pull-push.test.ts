// docker push / pull against a real registry (no auth): round trip and run, "Layer already exists", "Mounted
// from", pull by digest, up to date; interop with skopeo both ways (digests stable); faults: a blob whose bytes
// do not match its digest, a connection cut mid-layer, an index without linux/amd64, an unreachable registry;
// a non-distributable layer (fetched from its URL, never pushed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { TestRegistry, startCuttingProxy, freePort } from '../../helpers/registry.js';
import { exec } from '../../helpers/exec.js';
import { busyboxTar, writeOciLayout } from './oci-fixture.js';
import { buildTar, sha256 } from '../images/fixtures.js';

let d: TestDaemon;
let reg: TestRegistry;
let work: string;
before(async () => {
  d = await TestDaemon.start();
  reg = await TestRegistry.start();
  work = await mkdtemp(join(tmpdir(), 'berth-regtest-'));
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

async function storeState(): Promise<string> {
  const ls = (p: string) => readdir(join(d.dataRoot, p)).then((x) => x.sort().join(','), () => '-');
  return [await ls('snapshots'), await ls('content/blobs/sha256'), await ls('content/ingest'), (await d.docker(['images', '-aq'])).stdout].join('|');
}

async function skopeo(args: string[]) {
  return exec('skopeo', args, { timeoutMs: 60_000 });
}

test('push, rmi, pull, run: the round trip, with docker progress and RepoDigests', async () => {
  const name = `${reg.host}/team/app:1.2`;
  ok(await d.docker(['tag', 'busybox', name]));
  const push = ok(await d.docker(['push', name]));
  assert.match(push, new RegExp(`The push refers to repository \\[${reg.host}/team/app\\]`));
  assert.match(push, /: Pushed/);
  const digest = /1\.2: digest: (sha256:[a-f0-9]{64}) size: \d+/.exec(push)?.[1];
  assert.ok(digest, push);

  const again = ok(await d.docker(['push', name]));
  assert.match(again, /: Layer already exists/);
  ok(await d.docker(['tag', 'busybox', `${reg.host}/other/copy:1`]));
  assert.match(ok(await d.docker(['push', `${reg.host}/other/copy:1`])), /: Mounted from team\/app/);

  ok(await d.docker(['rmi', name, `${reg.host}/other/copy:1`, 'busybox']));
  const pull = ok(await d.docker(['pull', name]));
  assert.match(pull, /1\.2: Pulling from team\/app/);
  assert.match(pull, /: Pulling fs layer/);
  assert.match(pull, /: Pull complete/);
  assert.match(pull, new RegExp(`Digest: ${digest}`));
  assert.match(pull, new RegExp(`Status: Downloaded newer image for ${reg.host}/team/app:1.2`));
  assert.equal(ok(await d.docker(['run', '--rm', name, 'echo', 'pulled and running'])).trim(), 'pulled and running');
  const repoDigests = JSON.parse(ok(await d.docker(['image', 'inspect', '-f', '{{json .RepoDigests}}', name])));
  assert.deepEqual(repoDigests, [`${reg.host}/team/app@${digest}`]);

  assert.match(ok(await d.docker(['pull', name])), new RegExp(`Status: Image is up to date for ${reg.host}/team/app:1.2`));
  const byDigest = ok(await d.docker(['pull', `${reg.host}/team/app@${digest}`]));
  assert.match(byDigest, new RegExp(`Digest: ${digest}`));
});

test('skopeo pushes (gzip and zstd layers), berth pulls and runs; berth pushes back the same bytes', async () => {
  const bb = await busyboxTar();
  const extra = await buildTar([{ name: 'hello.txt', content: 'from a zstd layer\n' }]);
  const layout = join(work, 'oci');
  await writeOciLayout(layout, [{ tar: bb, compression: 'gzip' }, { tar: extra, compression: 'zstd' }], ['cat', '/hello.txt']);
  const r = await skopeo(['copy', '-q', '--dest-tls-verify=false', `oci:${layout}:latest`, `docker://${reg.host}/sk/bb:1`]);
  assert.equal(r.code, 0, r.stderr);
  const inspected = JSON.parse((await skopeo(['inspect', '--tls-verify=false', `docker://${reg.host}/sk/bb:1`])).stdout) as { Digest: string };

  const pull = ok(await d.docker(['pull', `${reg.host}/sk/bb:1`]));
  assert.match(pull, new RegExp(`Digest: ${inspected.Digest}`));
  assert.equal(ok(await d.docker(['run', '--rm', `${reg.host}/sk/bb:1`])), 'from a zstd layer\n');

  // Pushed elsewhere by berth: the registry gets the same manifest (same digest) and blobs.
  ok(await d.docker(['tag', `${reg.host}/sk/bb:1`, `${reg.host}/back/bb:1`]));
  const push = ok(await d.docker(['push', `${reg.host}/back/bb:1`]));
  assert.match(push, new RegExp(`1: digest: ${inspected.Digest}`));
  const back = JSON.parse((await skopeo(['inspect', '--tls-verify=false', `docker://${reg.host}/back/bb:1`])).stdout) as { Digest: string; Layers: string[] };
  assert.equal(back.Digest, inspected.Digest);

  // skopeo copies an image berth made locally (imported, gzip produced here) and gets the digests berth reported.
  await d.seedBusybox(`${reg.host}/local/bb:2`);
  const pushed = /2: digest: (sha256:[a-f0-9]{64})/.exec(ok(await d.docker(['push', `${reg.host}/local/bb:2`])))![1]!;
  const out = join(work, 'copied');
  const c = await skopeo(['copy', '-q', '--src-tls-verify=false', `docker://${reg.host}/local/bb:2`, `oci:${out}:x`]);
  assert.equal(c.code, 0, c.stderr);
  const raw = (await skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${reg.host}/local/bb:2`])).stdout;
  assert.equal(sha256(Buffer.from(raw)), pushed);
  const again = /2: digest: (sha256:[a-f0-9]{64})/.exec(ok(await d.docker(['push', `${reg.host}/local/bb:2`])))![1]!;
  assert.equal(again, pushed, 'a second push of a local image produces the same blobs and manifest');
});

test('a blob whose bytes do not match its digest: the pull fails clearly and commits nothing', async () => {
  const layout = join(work, 'corrupt');
  await writeOciLayout(layout, [{ tar: await buildTar([{ name: 'x', content: 'original bytes '.repeat(100) }]), compression: 'gzip' }], ['true']);
  assert.equal((await skopeo(['copy', '-q', '--dest-tls-verify=false', `oci:${layout}:latest`, `docker://${reg.host}/bad/blob:1`])).code, 0);
  const manifest = JSON.parse((await skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${reg.host}/bad/blob:1`])).stdout) as { layers: Array<{ digest: string }> };
  const hex = manifest.layers[0]!.digest.slice(7);
  const file = join(reg.storage, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
  const bytes = await readFile(file);
  bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
  await writeFile(file, bytes);

  const before = await storeState();
  const r = await d.docker(['pull', `${reg.host}/bad/blob:1`]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /digest mismatch|invalid tar|unexpected end|incorrect header|invalid/i);
  assert.equal(await storeState(), before);
});

test('a connection cut in the middle of a layer: the pull resumes with a Range request and completes', async () => {
  const layout = join(work, 'cut');
  const big = await buildTar([{ name: 'big.bin', content: randomBytes(400_000) }]);
  await writeOciLayout(layout, [{ tar: big, compression: 'none' }], ['true']);
  assert.equal((await skopeo(['copy', '-q', '--dest-tls-verify=false', `oci:${layout}:latest`, `docker://${reg.host}/cut/layer:1`])).code, 0);
  const proxy = await startCuttingProxy(reg.port, 100_000);
  try {
    const r = await d.docker(['pull', `127.0.0.1:${proxy.port}/cut/layer:1`]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(proxy.cuts, 1);
    assert.ok(proxy.rangeRequests >= 1, 'resumed with a Range request');
    const snapshots = await readdir(join(d.dataRoot, 'snapshots'));
    const found = await Promise.all(snapshots.map((n) => readFile(join(d.dataRoot, 'snapshots', n, 'fs/big.bin')).catch(() => undefined)));
    assert.ok(found.some((b) => b?.length === 400_000), 'the resumed layer was unpacked whole');
  } finally {
    await proxy.close();
  }
});

test('an index without linux/amd64: a clear platform error; --platform picks another entry', async () => {
  // Re-use the manifest skopeo pushed above, listed as arm64 only.
  const raw = (await skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${reg.host}/sk/bb:1`])).stdout;
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256(Buffer.from(raw)), size: Buffer.byteLength(raw), platform: { os: 'linux', architecture: 'arm64' } }],
    }),
  );
  const res = await fetch(`http://${reg.host}/v2/sk/bb/manifests/armonly`, { method: 'PUT', headers: { 'Content-Type': 'application/vnd.oci.image.index.v1+json' }, body: index });
  assert.equal(res.status, 201, await res.text());
  const r = await d.docker(['pull', `${reg.host}/sk/bb:armonly`]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /no matching manifest for linux\/amd64 in the manifest list entries/);
  const arm = await d.docker(['pull', '--platform', 'linux/arm64', `${reg.host}/sk/bb:armonly`]);
  assert.equal(arm.code, 0, arm.stderr);
});

test('an unreachable registry fails quickly with a network error', async () => {
  const port = await freePort();
  const t0 = Date.now();
  const r = await d.docker(['pull', `127.0.0.1:${port}/nothing/here:1`]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /connection refused/);
  assert.ok(Date.now() - t0 < 10_000);
});

test('docker.io without a network: a clear network error, quickly', async () => {
  const t0 = Date.now();
  const r = await d.docker(['pull', 'busybox:1.36'], { timeoutMs: 60_000 });
  if (r.code === 0) return; // a machine with network access: nothing to check here
  assert.match(r.stderr, /registry-1\.docker\.io|dial tcp|lookup/);
  assert.ok(Date.now() - t0 < 35_000, `took ${Date.now() - t0} ms`);
});

/** Uploads a blob to the test registry by hand (monolithic POST + PUT). */
async function uploadBlob(repo: string, body: Buffer): Promise<string> {
  const digest = sha256(body);
  const start = await fetch(`http://${reg.host}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  assert.equal(start.status, 202);
  const loc = new URL(start.headers.get('location')!, `http://${reg.host}`);
  loc.searchParams.set('digest', digest);
  const put = await fetch(loc, { method: 'PUT', body, headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(put.status, 201, await put.text());
  return digest;
}

test('a non-distributable (foreign) layer: pulled from its URL, never pushed ("Skipped foreign layer")', async () => {
  const base = gzipSync(await busyboxTar());
  const foreignTar = await buildTar([{ name: 'foreign.txt', content: 'from a foreign layer\n' }]);
  const foreign = gzipSync(foreignTar);
  // The foreign layer is served from elsewhere (a small server here), never from the registry.
  let served = 0;
  const server = createServer((req, res) => {
    served++;
    res.end(foreign);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/layer.tar.gz`;
    const config = Buffer.from(JSON.stringify({ os: 'linux', architecture: 'amd64', config: { Cmd: ['cat', '/foreign.txt'] }, rootfs: { type: 'layers', diff_ids: [sha256(await busyboxTar()), sha256(foreignTar)] } }));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: await uploadBlob('fl/app', config), size: config.length },
        layers: [
          { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: await uploadBlob('fl/app', base), size: base.length },
          { mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', digest: sha256(foreign), size: foreign.length, urls: [url] },
        ],
      }),
    );
    const put = await fetch(`http://${reg.host}/v2/fl/app/manifests/1`, { method: 'PUT', body: manifest, headers: { 'Content-Type': 'application/vnd.docker.distribution.manifest.v2+json' } });
    assert.equal(put.status, 201, await put.text());

    ok(await d.docker(['pull', `${reg.host}/fl/app:1`]));
    assert.equal(served, 1, 'the foreign layer came from its URL');
    assert.equal(ok(await d.docker(['run', '--rm', `${reg.host}/fl/app:1`])), 'from a foreign layer\n');

    ok(await d.docker(['tag', `${reg.host}/fl/app:1`, `${reg.host}/fl/other:1`]));
    const push = ok(await d.docker(['push', `${reg.host}/fl/other:1`]));
    assert.match(push, /Skipped foreign layer/);
    assert.match(push, new RegExp(`1: digest: ${sha256(manifest)}`), 'the manifest goes back as it came, URLs and all');
    const head = await fetch(`http://${reg.host}/v2/fl/other/blobs/${sha256(foreign)}`, { method: 'HEAD' });
    assert.equal(head.status, 404, 'the foreign blob was not uploaded');
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('push --platform: the image\'s own platform pushes; another is refused before anything is sent', async () => {
  const name = `${reg.host}/plat/app:1`;
  await d.seedBusybox(name);
  const wrong = await d.docker(['push', '--platform', 'linux/arm64', name]);
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr + wrong.stdout, /does not match the specified platform: wanted linux\/arm64, actual: linux\/amd64/);
  assert.equal((await fetch(`http://${reg.host}/v2/plat/app/manifests/1`, { method: 'HEAD' })).status, 404);
  assert.match(ok(await d.docker(['push', '--platform', 'linux/amd64', name])), /1: digest: sha256:/);
  const berthWrong = await d.berth(['push', '--platform', 'linux/arm64', name]);
  assert.notEqual(berthWrong.code, 0);
  assert.match(berthWrong.stderr, /wanted linux\/arm64/);
});
