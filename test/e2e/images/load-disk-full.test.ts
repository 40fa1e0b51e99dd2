// A full disk during `docker load`: a clear error, and nothing of the failed load stays (no image, no snapshot,
// no blob, no ingest or temp file); the images that were there still work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { buildTar, dockerArchive } from './fixtures.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start({ dataRootTmpfsMiB: 12 });
});
after(async () => {
  await d?.stop();
});

const list = async (dir: string) => (await readdir(join(d.dataRoot, dir)).catch(() => [] as string[])).sort();

test('load that runs out of space fails clearly and leaves the store as it was', async () => {
  const before = { images: (await d.docker(['images', '-q'])).stdout, snapshots: await list('snapshots'), blobs: await list('content/blobs/sha256') };
  const layer = await buildTar([{ name: 'big.bin', content: randomBytes(9 * 1024 * 1024) }]);
  const archive = await dockerArchive([{ layers: [layer], tags: ['big:1'] }]);
  const r = await d.docker(['load'], { input: archive });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /no space left on device/i);
  assert.equal((await d.docker(['images', '-q'])).stdout, before.images);
  assert.deepEqual(await list('snapshots'), before.snapshots);
  assert.deepEqual(await list('content/blobs/sha256'), before.blobs);
  assert.deepEqual(await list('content/ingest'), []);
  assert.deepEqual(await list('tmp'), []);
  const run = await d.docker(['run', '--rm', 'busybox', 'echo', 'still fine']);
  assert.equal(run.stdout, 'still fine\n', run.stderr);
});
