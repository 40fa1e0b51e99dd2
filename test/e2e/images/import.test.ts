// docker import (plain and gzip bodies, --change in JSON and shell forms, --message), images, inspect, history,
// and the quick answer to a pull, through the real docker CLI and on the wire.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { apiRequest } from '../../helpers/http.js';
import { buildTar, sha256 } from './fixtures.js';

let d: TestDaemon;
let rootfs: Buffer;
before(async () => {
  d = await TestDaemon.start({ busybox: false });
  rootfs = await buildTar([
    { name: 'bin/', type: 'directory' },
    { name: 'bin/hello', content: '#!/bin/sh\necho hi\n', mode: 0o755 },
    { name: 'etc/motd', content: 'welcome\n' },
  ]);
});
after(async () => {
  await d?.stop();
});

test('docker import makes a one-layer image with the changes applied', async () => {
  const r = await d.docker(
    ['import', '--change', 'CMD ["sh", "-c", "echo hi"]', '--change', 'ENV A=1 B="two words"', '--change', 'WORKDIR /srv', '--change', 'USER 1000:1000',
      '--change', 'EXPOSE 80/tcp 53/udp', '--change', 'LABEL team=core', '--change', 'ENTRYPOINT /bin/hello', '-m', 'from a test', '-', 'team/app:1'],
    { input: rootfs },
  );
  assert.equal(r.code, 0, r.stderr);
  const id = r.stdout.trim();
  assert.match(id, /^sha256:[a-f0-9]{64}$/);

  const insp = await d.docker(['image', 'inspect', 'team/app:1']);
  assert.equal(insp.code, 0, insp.stderr);
  const [img] = JSON.parse(insp.stdout);
  assert.equal(img.Id, id);
  assert.deepEqual(img.RepoTags, ['team/app:1']);
  assert.equal(img.Comment, 'from a test');
  assert.deepEqual(img.Config.Cmd, ['sh', '-c', 'echo hi']);
  assert.deepEqual(img.Config.Entrypoint, ['/bin/sh', '-c', '/bin/hello']);
  assert.deepEqual(img.Config.Env, ['A=1', 'B=two words']);
  assert.equal(img.Config.WorkingDir, '/srv');
  assert.equal(img.Config.User, '1000:1000');
  assert.deepEqual(img.Config.ExposedPorts, { '80/tcp': {}, '53/udp': {} });
  assert.deepEqual(img.Config.Labels, { team: 'core' });
  assert.equal(img.Os, 'linux');
  assert.deepEqual(img.RootFS, { Type: 'layers', Layers: [sha256(rootfs)] });
  assert.equal(img.GraphDriver.Name, 'overlay2');
  assert.match(img.GraphDriver.Data.UpperDir, /\/snapshots\/\d+\/fs$/);
  assert.match(img.Created, /^\d{4}-\d\d-\d\dT/);
  assert.equal(img.Size, rootfs.length);

  // The image ID is the digest of the config blob, which the daemon stored under content/blobs.
  const blob = await import('node:fs/promises').then((fs) => fs.readFile(`${d.dataRoot}/content/blobs/sha256/${id.slice(7)}`));
  assert.equal(sha256(blob), id);
});

test('docker import accepts a gzip body and names by ID prefix, short ID and full ID resolve', async () => {
  const r = await d.docker(['import', '-', 'gz:latest'], { input: gzipSync(rootfs) });
  assert.equal(r.code, 0, r.stderr);
  const id = r.stdout.trim();
  for (const ref of [id, id.slice(7), id.slice(7, 19), 'gz', 'docker.io/library/gz:latest']) {
    const insp = await d.docker(['image', 'inspect', '--format', '{{.Id}}', ref]);
    assert.equal(insp.code, 0, `${ref}: ${insp.stderr}`);
    assert.equal(insp.stdout.trim(), id);
  }
  // Same layer as the first import: one snapshot, shared.
  const a = await d.docker(['image', 'inspect', '--format', '{{.GraphDriver.Data.UpperDir}}', 'team/app:1']);
  const b = await d.docker(['image', 'inspect', '--format', '{{.GraphDriver.Data.UpperDir}}', 'gz']);
  assert.equal(a.stdout, b.stdout);
});

test('docker images lists tags with docker columns and filters', async () => {
  const r = await d.docker(['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').sort();
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^gz:latest [a-f0-9]{12}$/);
  assert.match(lines[1]!, /^team\/app:1 [a-f0-9]{12}$/);
  const filtered = await d.docker(['images', '--filter', 'reference=team/*', '--format', '{{.Repository}}']);
  assert.equal(filtered.stdout.trim(), 'team/app');
  const labelled = await d.docker(['images', '--filter', 'label=team=core', '-q']);
  assert.equal(labelled.stdout.trim().split('\n').length, 1);
  const bad = await d.docker(['images', '--filter', 'nope=1']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /invalid filter 'nope'/);

  const wire = await apiRequest(d.socket, 'GET', '/v1.51/images/json');
  assert.equal(wire.status, 200);
  const summary = JSON.parse(wire.body).find((s: { RepoTags: string[] }) => s.RepoTags.includes('team/app:1'));
  assert.deepEqual(Object.keys(summary).sort(), ['Containers', 'Created', 'Id', 'Labels', 'ParentId', 'RepoDigests', 'RepoTags', 'SharedSize', 'Size', 'VirtualSize'].sort());
  assert.equal(summary.SharedSize, -1);
  assert.equal(summary.Containers, -1);
  assert.equal(typeof summary.Created, 'number');
  assert.ok(Math.abs(summary.Created - Date.now() / 1000) < 120);
});

test('docker history shows the import with its comment', async () => {
  const r = await d.docker(['history', '--no-trunc', '--format', '{{.ID}}|{{.Comment}}|{{.Size}}', 'team/app:1']);
  assert.equal(r.code, 0, r.stderr);
  const [line] = r.stdout.trim().split('\n');
  const id = (await d.docker(['image', 'inspect', '--format', '{{.Id}}', 'team/app:1'])).stdout.trim();
  assert.match(line!, new RegExp(`^${id}\\|from a test\\|\\d+(\\.\\d+)?[kM]?B$`));
  const wire = JSON.parse((await apiRequest(d.socket, 'GET', '/images/team/app:1/history')).body);
  assert.equal(wire.length, 1);
  assert.deepEqual(wire[0].Tags, ['team/app:1']);
  assert.equal(wire[0].Size, rootfs.length);
});

test('unknown images are 404 "No such image" and bad references 400', async () => {
  const r = await d.docker(['image', 'inspect', 'nope:1']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /No such image: nope:1/);
  const wire = await apiRequest(d.socket, 'GET', '/images/nope/json');
  assert.equal(wire.status, 404);
  assert.deepEqual(JSON.parse(wire.body), { message: 'No such image: nope:latest' }); // moby: TagNameOnly + FamiliarString
  const bad = await d.docker(['import', '-', 'UPPER:1'], { input: rootfs });
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /invalid reference format/);
});

test('an invalid --change is refused before anything is stored', async () => {
  const before = (await d.docker(['images', '-q'])).stdout;
  const r = await d.docker(['import', '--change', 'RUN echo no', '-', 'x:1'], { input: rootfs });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /run is not a valid change command/);
  assert.equal((await d.docker(['images', '-q'])).stdout, before);
});

test('a corrupt import body is refused and leaves no snapshot behind', async () => {
  const fs = await import('node:fs/promises');
  const snapsBefore = (await fs.readdir(`${d.dataRoot}/snapshots`)).sort();
  const truncated = gzipSync(Buffer.concat([rootfs.subarray(0, 700)]));
  const r = await d.docker(['import', '-', 'broken:1'], { input: truncated });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /invalid tar|Unexpected end/i);
  assert.deepEqual((await fs.readdir(`${d.dataRoot}/snapshots`)).sort(), snapsBefore);
  assert.deepEqual(await fs.readdir(`${d.dataRoot}/content/ingest`), []);
});

test('docker pull without a network answers quickly that the registry is not reachable', async () => {
  const started = Date.now();
  const r = await d.docker(['pull', 'alpine:3']);
  if (r.code === 0) return; // a machine with network access: nothing to check here
  assert.equal(r.code, 1);
  assert.match(r.stderr, /registry-1\.docker\.io|dial tcp|lookup/);
  assert.ok(Date.now() - started < 35_000);
  const wire = await apiRequest(d.socket, 'POST', '/images/create?fromImage=alpine&tag=3');
  assert.ok(wire.status >= 400);
});

test('concurrent imports of one layer share one snapshot; images and tags survive a daemon restart', async () => {
  const tar = await buildTar([{ name: 'same', content: 'same'.repeat(10_000) }]);
  const fs = await import('node:fs/promises');
  const before = (await fs.readdir(`${d.dataRoot}/snapshots`)).length;
  const results = await Promise.all([1, 2, 3, 4].map((i) => d.docker(['import', '-m', `n${i}`, '-', `par:${i}`], { input: tar })));
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  assert.equal(new Set(results.map((r) => r.stdout.trim())).size, 4);
  assert.equal((await fs.readdir(`${d.dataRoot}/snapshots`)).length, before + 1);
  assert.deepEqual(await fs.readdir(`${d.dataRoot}/content/ingest`), []);

  const listBefore = (await d.docker(['images', '--no-trunc', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}'])).stdout.split('\n').sort();
  await d.stopDaemon();
  await d.startDaemon();
  const listAfter = (await d.docker(['images', '--no-trunc', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}'])).stdout.split('\n').sort();
  assert.deepEqual(listAfter, listBefore);
  assert.equal((await fs.readdir(`${d.dataRoot}/snapshots`)).length, before + 1);
});
