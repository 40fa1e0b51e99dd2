// docker load: docker-archive (manifest.json) and OCI image-layout (index.json) tars, several images and tags per
// tar, quiet mode; corrupt, truncated and lying archives leave nothing behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { apiRequest } from '../../helpers/http.js';
import { BUSYBOX_ROOTFS_SCRIPT } from '../../helpers/paths.js';
import { spawn } from 'node:child_process';
import { buildTar, configFor, dockerArchive, ociLayout, sha256, type FixtureImage } from './fixtures.js';

let d: TestDaemon;
let base: Buffer;
let top: Buffer;
before(async () => {
  d = await TestDaemon.start({ busybox: false });
  base = await buildTar([{ name: 'etc/', type: 'directory' }, { name: 'etc/os', content: 'base\n' }, { name: 'bin', type: 'symlink', linkname: 'usr/bin' }]);
  top = await buildTar([{ name: 'etc/app', content: 'app\n' }, { name: 'etc/.wh.os' }]);
});
after(async () => {
  await d?.stop();
});

/** Everything the image side stores, to prove a failed load left nothing. */
async function storeState(): Promise<string> {
  const ls = (p: string) => readdir(join(d.dataRoot, p)).then((x) => x.sort().join(','), () => '-');
  return [await ls('snapshots'), await ls('content/blobs/sha256'), await ls('content/ingest'), await ls('tmp'), (await d.docker(['images', '-aq'])).stdout].join('|');
}

async function loadFile(buf: Buffer, ...flags: string[]) {
  const file = join(d.dir, `load-${Math.random().toString(16).slice(2)}.tar`);
  await writeFile(file, buf);
  return d.docker(['load', ...flags, '-i', file]);
}

test('docker load -i reads a docker-archive with two images sharing a layer', async () => {
  const images: FixtureImage[] = [
    { layers: [base], tags: ['base:1', 'base:latest'] },
    { layers: [base, top], tags: ['team/app:2'], cmd: ['/bin/app'], labels: { l: 'v' } },
  ];
  const r = await loadFile(await dockerArchive(images));
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), ['Loaded image: base:1', 'Loaded image: base:latest', 'Loaded image: team/app:2']);
  const insp = JSON.parse((await d.docker(['image', 'inspect', 'team/app:2'])).stdout)[0];
  assert.equal(insp.Id, sha256(configFor(images[1]!)));
  assert.deepEqual(insp.RootFS.Layers, [sha256(base), sha256(top)]);
  assert.deepEqual(insp.Config.Cmd, ['/bin/app']);
  // Two layers: the upper one is the top layer's dir, the lower the base's, shared with base:1.
  const baseDir = (await d.docker(['image', 'inspect', '--format', '{{.GraphDriver.Data.UpperDir}}', 'base:1'])).stdout.trim();
  assert.equal(insp.GraphDriver.Data.LowerDir, baseDir);
  const hist = await d.docker(['history', '--format', '{{.CreatedBy}}', 'team/app:2']);
  assert.deepEqual(hist.stdout.trim().split('\n'), ['step 1', 'step 0']);
  // shared-size: the base layer counts as shared for both images; -1 when not asked.
  const list = (q: string) => apiRequest(d.socket, 'GET', `/v1.51/images/json?filters=${encodeURIComponent('{"reference":["team/app:2"]}')}${q}`).then((x) => JSON.parse(x.body)[0]);
  assert.equal((await list('&shared-size=1')).SharedSize, base.length);
  assert.equal((await list('')).SharedSize, -1);
});

test('docker load reads an OCI image layout with gzip layers, from stdin, quietly', async () => {
  const img: FixtureImage = { layers: [base, top], tags: ['oci/img:1'], created: '2023-05-06T07:08:09Z' };
  const r = await d.docker(['load', '-q'], { input: await ociLayout([img]) });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'Loaded image: oci/img:1');
  const created = await d.docker(['image', 'inspect', '--format', '{{.Created}}', 'oci/img:1']);
  assert.equal(created.stdout.trim(), '2023-05-06T07:08:09Z');
});

test('an untagged image loads as "Loaded image ID"', async () => {
  const img: FixtureImage = { layers: [top], tags: [] };
  const r = await loadFile(await dockerArchive([img]));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), `Loaded image ID: ${sha256(configFor(img))}`);
});

test('the load stream is JSON messages on the wire', async () => {
  const img: FixtureImage = { layers: [base], tags: ['wire:1'] };
  const r = await apiRequest(d.socket, 'POST', '/v1.51/images/load?quiet=1', await dockerArchive([img]), { 'Content-Type': 'application/x-tar' });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.trim().split(/\r?\n/).map((l) => JSON.parse(l)), [{ stream: 'Loaded image: wire:1\n' }]);
});

test('without quiet (docker load on a terminal): "Loading layer" progress per layer, then the Loaded lines', async () => {
  // Layers this daemon has not got yet (a present layer is skipped, as by docker, and shows no bar).
  const l1 = await buildTar([{ name: 'one', content: '1'.repeat(300_000) }]);
  const l2 = await buildTar([{ name: 'two', content: '2' }]);
  const img: FixtureImage = { layers: [l1, l2], tags: ['bars:1'] };
  const r = await apiRequest(d.socket, 'POST', '/v1.51/images/load', await dockerArchive([img]), { 'Content-Type': 'application/x-tar' });
  assert.equal(r.status, 200);
  const msgs = r.body.trim().split(/\r?\n/).map((l) => JSON.parse(l) as { status?: string; id?: string; progressDetail?: { current: number; total: number }; stream?: string });
  const bars = msgs.filter((m) => m.status === 'Loading layer');
  assert.deepEqual([...new Set(bars.map((m) => m.id))], [sha256(l1).slice(7, 19), sha256(l2).slice(7, 19)]);
  const last = bars.filter((m) => m.id === sha256(l1).slice(7, 19)).at(-1)!;
  assert.equal(last.progressDetail!.current, last.progressDetail!.total);
  assert.deepEqual(msgs.at(-1), { stream: 'Loaded image: bars:1\n' });

  // A layer that is not what the config says: the failure arrives in the stream, and nothing of it stays.
  const state = await storeState();
  const liar: FixtureImage = { layers: [await buildTar([{ name: 'y', content: 'y' }])], tags: ['liar:2'] };
  const archive = await dockerArchive([liar]);
  const cfg = configFor(liar).toString();
  const bad = Buffer.from(archive.toString('latin1').replace(sha256(await buildTar([{ name: 'y', content: 'y' }])), sha256('other')), 'latin1');
  assert.ok(cfg.length > 0 && !bad.equals(archive));
  const failed = await apiRequest(d.socket, 'POST', '/v1.51/images/load', bad, { 'Content-Type': 'application/x-tar' });
  assert.ok(failed.status !== 200 || /"error"/.test(failed.body), failed.body);
  assert.equal(await storeState(), state);
});

test('corrupt, truncated and lying archives are refused and leave nothing behind', async () => {
  const good = await dockerArchive([{ layers: [await buildTar([{ name: 'new', content: 'n'.repeat(5000) }])], tags: ['never:1'] }]);
  const state = await storeState();

  const notTar = await loadFile(Buffer.from('this is not a tar archive at all'.repeat(40)));
  assert.notEqual(notTar.code, 0);
  assert.match(notTar.stderr, /invalid tar archive|not an image archive/);

  const truncated = await loadFile(good.subarray(0, Math.floor(good.length / 2)));
  assert.notEqual(truncated.code, 0);
  assert.match(truncated.stderr, /invalid tar archive/);

  // The config promises a diff ID the layer does not have.
  const liar: FixtureImage = { layers: [await buildTar([{ name: 'x', content: 'x' }])], tags: ['liar:1'] };
  const cfg = JSON.parse(configFor(liar).toString());
  cfg.rootfs.diff_ids = [sha256('something else')];
  const cfgBuf = Buffer.from(JSON.stringify(cfg));
  const lying = await buildTar([
    { name: 'c.json', content: cfgBuf },
    { name: 'l/layer.tar', content: liar.layers[0]! },
    { name: 'manifest.json', content: JSON.stringify([{ Config: 'c.json', RepoTags: ['liar:1'], Layers: ['l/layer.tar'] }]) },
  ]);
  const mismatch = await loadFile(lying);
  assert.notEqual(mismatch.code, 0);
  assert.match(mismatch.stderr, /digest mismatch/);

  // A layer that tries to escape its root.
  const evil: FixtureImage = { layers: [await buildTar([{ name: '../../escape', content: 'x' }])], tags: ['evil:1'] };
  const escape = await loadFile(await dockerArchive([evil]));
  assert.notEqual(escape.code, 0);
  assert.match(escape.stderr, /escapes the layer root/);

  assert.equal(await storeState(), state);
});

test('a container sees the layers in order: the upper layer wins and whiteouts hide lower files', async () => {
  const bb = await new Promise<Buffer>((resolve, reject) => {
    const p = spawn(BUSYBOX_ROOTFS_SCRIPT, ['-'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    p.stdout!.on('data', (b: Buffer) => out.push(b));
    p.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`busybox-rootfs.sh exited ${code}`))));
  });
  const lower = await buildTar([{ name: 'data/', type: 'directory' }, { name: 'data/keep', content: 'lower\n' }, { name: 'data/gone', content: 'x' }, { name: 'data/over', content: 'lower\n' }]);
  const upper = await buildTar([{ name: 'data/.wh.gone' }, { name: 'data/over', content: 'upper\n' }]);
  const r = await d.docker(['load'], { input: await dockerArchive([{ layers: [bb, lower, upper], tags: ['stack:1'], cmd: ['sh'] }]) });
  assert.equal(r.code, 0, r.stderr);
  const run = await d.docker(['run', '--rm', 'stack:1', 'sh', '-c', 'ls /data; cat /data/over /data/keep']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, 'keep\nover\nupper\nlower\n');
});

test('prune counts a layer shared by the images it deletes once', async () => {
  const shared = await buildTar([{ name: 'prune/', type: 'directory' }, { name: 'prune/base', content: 'shared base\n' }]);
  const own = await buildTar([{ name: 'prune/own', content: 'own\n' }]);
  const labels = { prune: 'me' };
  const r = await loadFile(await dockerArchive([{ layers: [shared], tags: ['pa:1'], labels }, { layers: [shared, own], tags: ['pb:1'], labels }]));
  assert.equal(r.code, 0, r.stderr);
  const filters = encodeURIComponent(JSON.stringify({ dangling: ['false'], label: ['prune=me'] }));
  const p = JSON.parse((await apiRequest(d.socket, 'POST', `/v1.51/images/prune?filters=${filters}`)).body);
  const deleted = p.ImagesDeleted.map((x: { Deleted?: string }) => x.Deleted).filter(Boolean);
  const chainOfBoth = sha256(`${sha256(shared)} ${sha256(own)}`);
  assert.equal(deleted.length, 4, JSON.stringify(p)); // two images, two layers
  assert.ok(deleted.includes(sha256(shared)) && deleted.includes(chainOfBoth), JSON.stringify(p));
  assert.equal(p.SpaceReclaimed, shared.length + own.length);
});

test('an OCI layout cannot name a file outside the archive through a descriptor digest', async () => {
  // A valid layer sits on the host beside the data root; the manifest points at it with a digest that is a path.
  const outside = await buildTar([{ name: 'stolen', content: 'host file\n' }]);
  await writeFile(join(d.dir, 'host.tar'), outside);
  const img: FixtureImage = { layers: [outside], tags: ['sneaky:1'] };
  const config = configFor(img);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: 'sha256:../../../../../host.tar', size: outside.length }],
  }));
  const tar = await buildTar([
    { name: 'oci-layout', content: JSON.stringify({ imageLayoutVersion: '1.0.0' }) },
    { name: 'index.json', content: JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256(manifest), size: manifest.length, annotations: { 'io.containerd.image.name': 'sneaky:1' } }] }) },
    { name: `blobs/sha256/${sha256(config).slice(7)}`, content: config },
    { name: `blobs/sha256/${sha256(manifest).slice(7)}`, content: manifest },
  ]);
  const r = await loadFile(tar);
  assert.notEqual(r.code, 0, r.stdout);
  assert.match(r.stderr, /invalid digest in the image layout/);
  assert.equal((await d.docker(['images', '-q', 'sneaky'])).stdout.trim(), '');
});

test('an OCI layer blob whose bytes do not match its descriptor digest is refused', async () => {
  const layer = await buildTar([{ name: 'tampered', content: 'real bytes\n' }]);
  const img: FixtureImage = { layers: [layer], tags: ['tampered:1'] };
  const config = configFor(img);
  const claimed = sha256('what the manifest promised');
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: claimed, size: layer.length }],
  }));
  const tar = await buildTar([
    { name: 'oci-layout', content: JSON.stringify({ imageLayoutVersion: '1.0.0' }) },
    { name: 'index.json', content: JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256(manifest), size: manifest.length, annotations: { 'io.containerd.image.name': 'tampered:1' } }] }) },
    { name: `blobs/sha256/${sha256(config).slice(7)}`, content: config },
    { name: `blobs/sha256/${sha256(manifest).slice(7)}`, content: manifest },
    { name: `blobs/sha256/${claimed.slice(7)}`, content: layer },
  ]);
  const state = await storeState();
  const r = await loadFile(tar);
  assert.notEqual(r.code, 0, r.stdout);
  assert.match(r.stderr, new RegExp(`digest mismatch: expected ${claimed}, got ${sha256(layer)}`));
  assert.equal(await storeState(), state);
});
