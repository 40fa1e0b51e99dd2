// docker tag, docker rmi (untag vs delete, Docker's conflict wording), image prune, list filters over time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { apiRequest } from '../../helpers/http.js';
import { buildTar } from './fixtures.js';

let d: TestDaemon;
const importTar = async (name: string, content: string): Promise<string> => {
  const tar = await buildTar([{ name: 'f', content }]);
  const r = await d.docker(['import', '-', ...(name ? [name] : [])], { input: tar });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
};
const layerOf = async (ref: string): Promise<string> => JSON.parse((await d.docker(['image', 'inspect', ref])).stdout)[0].RootFS.Layers[0];
const tags = async () => (await d.docker(['images', '--format', '{{.Repository}}:{{.Tag}}'])).stdout.trim().split('\n').filter(Boolean).sort();

before(async () => {
  d = await TestDaemon.start({ busybox: false });
});
after(async () => {
  await d?.stop();
});

test('docker tag adds names; the API answers 201 and moves an existing tag', async () => {
  const a = await importTar('a:1', 'a');
  const b = await importTar('b:1', 'b');
  assert.equal((await d.docker(['tag', 'a:1', 'team/x:v1'])).code, 0);
  assert.equal((await d.docker(['tag', a.slice(7, 19), '127.0.0.1:5000/x'])).code, 0);
  assert.deepEqual(await tags(), ['127.0.0.1:5000/x:latest', 'a:1', 'b:1', 'team/x:v1']);
  const wire = await apiRequest(d.socket, 'POST', '/v1.51/images/b:1/tag?repo=team/x&tag=v1');
  assert.equal(wire.status, 201);
  assert.equal((await d.docker(['image', 'inspect', '--format', '{{.Id}}', 'team/x:v1'])).stdout.trim(), b);
  const insp = JSON.parse((await d.docker(['image', 'inspect', 'b:1'])).stdout)[0];
  assert.notEqual(insp.Metadata.LastTagTime, '0001-01-01T00:00:00Z');
  const bad = await d.docker(['tag', 'a:1', 'Bad:x']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /invalid reference format/);
  const missing = await d.docker(['tag', 'nope', 'x']);
  assert.match(missing.stderr, /No such image: nope:latest/);
});

test('docker rmi untags first, deletes with the last tag, and refuses an ID with several tags', async () => {
  const id = await importTar('multi:1', 'multi');
  assert.equal((await d.docker(['tag', 'multi:1', 'multi:2'])).code, 0);
  const refused = await d.docker(['rmi', id.slice(7, 19)]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, new RegExp(`conflict: unable to delete ${id.slice(7, 19)} \\(must be forced\\) - image is referenced in multiple repositories`));

  const untag = await d.docker(['rmi', 'multi:1']);
  assert.equal(untag.code, 0, untag.stderr);
  assert.equal(untag.stdout.trim(), 'Untagged: multi:1');

  // dockerd (overlay2) lists the image and then each layer deleted with it (a one-layer image: chain ID = diff ID).
  const layer = await layerOf('multi:2');
  const wire = await apiRequest(d.socket, 'DELETE', '/v1.51/images/multi:2');
  assert.equal(wire.status, 200);
  assert.deepEqual(JSON.parse(wire.body), [{ Untagged: 'multi:2' }, { Deleted: id }, { Deleted: layer }]);
  assert.equal((await apiRequest(d.socket, 'GET', `/images/${id}/json`)).status, 404);
  const blobs = await readdir(`${d.dataRoot}/content/blobs/sha256`);
  assert.ok(!blobs.includes(id.slice(7)), 'the config blob is gone');

  // Forced: every tag goes with the image.
  const f = await importTar('forced:1', 'forced');
  await d.docker(['tag', 'forced:1', 'forced:2']);
  const forcedLayer = await layerOf(f);
  const forced = await d.docker(['rmi', '-f', f]);
  assert.equal(forced.code, 0, forced.stderr);
  assert.deepEqual(forced.stdout.trim().split('\n'), ['Untagged: forced:1', 'Untagged: forced:2', `Deleted: ${f}`, `Deleted: ${forcedLayer}`]);
  const gone = await d.docker(['rmi', 'forced:1']);
  assert.match(gone.stderr, /No such image: forced:1/);
});

test('deleting the last image of a layer removes its snapshot; a shared layer stays', async () => {
  const tar = await buildTar([{ name: 'shared', content: 'same' }]);
  const one = await d.docker(['import', '-m', 'one', '-', 'one:1'], { input: tar });
  const two = await d.docker(['import', '-m', 'two', '-', 'two:1'], { input: tar });
  assert.notEqual(one.stdout.trim(), two.stdout.trim());
  const dir = (await d.docker(['image', 'inspect', '--format', '{{.GraphDriver.Data.UpperDir}}', 'one:1'])).stdout.trim();
  const n = dir.split('/').at(-2)!;
  assert.equal((await d.docker(['rmi', 'one:1'])).code, 0);
  assert.ok((await readdir(`${d.dataRoot}/snapshots`)).includes(n));
  assert.equal((await d.docker(['rmi', 'two:1'])).code, 0);
  assert.ok(!(await readdir(`${d.dataRoot}/snapshots`)).includes(n));
});

test('dangling images are listed by filter and pruned; tagged ones stay', async () => {
  const dangling = await importTar('', 'dangling');
  const layerOfId = layerOf(dangling);
  const l = await d.docker(['images', '-q', '--no-trunc', '--filter', 'dangling=true']);
  assert.equal(l.stdout.trim(), dangling);
  const all = await d.docker(['images', '--format', '{{.Repository}}:{{.Tag}}', '--filter', 'dangling=true']);
  assert.equal(all.stdout.trim(), '<none>:<none>');
  // until=1h: only images older than an hour go, and this one is new.
  const young = await apiRequest(d.socket, 'POST', `/v1.51/images/prune?filters=${encodeURIComponent(JSON.stringify({ until: ['1h'] }))}`);
  assert.deepEqual(JSON.parse(young.body), { ImagesDeleted: null, SpaceReclaimed: 0 });
  const p = await apiRequest(d.socket, 'POST', '/v1.51/images/prune');
  assert.equal(p.status, 200);
  const report = JSON.parse(p.body);
  assert.deepEqual(report.ImagesDeleted, [{ Deleted: dangling }, { Deleted: await layerOfId }]);
  assert.ok(report.SpaceReclaimed > 0);
  assert.equal((await d.docker(['images', '-q', '--filter', 'dangling=true'])).stdout.trim(), '');
  assert.ok((await tags()).includes('a:1'));
});

test('before/since filters order images by creation', async () => {
  const first = await importTar('t:first', 'first');
  await new Promise((r) => setTimeout(r, 1100));
  const second = await importTar('t:second', 'second');
  const since = await d.docker(['images', '-q', '--no-trunc', '--filter', 'since=t:first', '--filter', 'reference=t']);
  assert.equal(since.stdout.trim(), second);
  const before = await d.docker(['images', '-q', '--no-trunc', '--filter', 'before=t:second', '--filter', 'reference=t']);
  assert.equal(before.stdout.trim(), first);
});

test('images used by a container cannot be removed without force (Docker wording)', async () => {
  const id = await importTar('used:1', 'used');
  const c = await d.docker(['create', 'used:1', '/f']);
  assert.equal(c.code, 0, `docker create: ${c.stderr}`);
  const cid = c.stdout.trim();
  try {
    const r = await d.docker(['rmi', 'used:1']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`conflict: unable to remove repository reference "used:1" \\(must force\\) - container ${cid.slice(0, 12)} is using its referenced image ${id.slice(7, 19)}`));
    const byId = await d.docker(['rmi', id.slice(7, 19)]);
    assert.match(byId.stderr, new RegExp(`conflict: unable to delete ${id.slice(7, 19)} \\(must be forced\\) - image is being used by stopped container ${cid.slice(0, 12)}`));
  } finally {
    await d.docker(['rm', '-f', cid]);
  }
  assert.equal((await d.docker(['rmi', 'used:1'])).code, 0);
});
