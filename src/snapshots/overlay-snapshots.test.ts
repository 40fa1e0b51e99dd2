import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readdir, writeFile, mkdir, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OverlaySnapshots } from './overlay-snapshots.js';

const c1 = 'sha256:' + '1'.repeat(64);
const c2 = 'sha256:' + '2'.repeat(64);
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-snap-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('prepare + commit makes a numbered fs dir keyed by chain ID; a duplicate commit is dropped', async () => {
  const root = join(dir, 'a');
  const s = new OverlaySnapshots(root, join(dir, 'a.json'));
  await s.init();
  const p = await s.prepare();
  await writeFile(join(p.fsDir, 'file'), 'x');
  assert.deepEqual(await s.commit(p, { chainId: c1, parent: undefined, diffId: c1, size: 10 }), { created: true });
  assert.equal(s.fsDir(c1), join(root, '1', 'fs'));
  await access(join(s.fsDir(c1), 'file'));
  const dup = await s.prepare();
  assert.deepEqual(await s.commit(dup, { chainId: c1, parent: undefined, diffId: c1, size: 10 }), { created: false });
  const p2 = await s.prepare();
  await s.commit(p2, { chainId: c2, parent: c1, diffId: c2, size: 1 });
  assert.equal(s.fsDir(c2), join(root, '2', 'fs'));
  assert.deepEqual((await readdir(root)).sort(), ['1', '2']);

  // A fresh instance reads the index back.
  const again = new OverlaySnapshots(root, join(dir, 'a.json'));
  await again.init();
  assert.equal(again.get(c2)?.parent, c1);
  await again.remove(c2);
  assert.equal(again.get(c2), undefined);
  assert.deepEqual(await readdir(root), ['1']);
  assert.throws(() => again.fsDir(c2), /does not exist/);
});

test('init removes unfinished unpacks and unindexed numbered dirs, and nothing else', async () => {
  const root = join(dir, 'b');
  const s = new OverlaySnapshots(root, join(dir, 'b.json'));
  await s.init();
  const p = await s.prepare();
  await s.commit(p, { chainId: c1, parent: undefined, diffId: c1, size: 0 });
  await s.prepare(); // never committed
  await mkdir(join(root, '77'));
  await mkdir(join(root, 'not-ours'));
  await new OverlaySnapshots(root, join(dir, 'b.json')).init();
  assert.deepEqual((await readdir(root)).sort(), ['1', 'not-ours']);
});
