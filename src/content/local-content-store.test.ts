import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalContentStore } from './local-content-store.js';
import { sha256 } from '../common/digest.js';
import { errorCode } from '../errors.js';

let dir: string;
let store: LocalContentStore;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-content-'));
  store = new LocalContentStore({ blobsDir: join(dir, 'blobs'), ingestDir: join(dir, 'ingest') });
  await store.init();
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(data: string, expected?: { digest?: string; size?: number }) {
  const w = store.writer();
  await new Promise<void>((resolve, reject) => w.stream.end(Buffer.from(data), (err?: Error | null) => (err ? reject(err) : resolve())));
  return w.commit(expected);
}

test('a streamed blob is committed under its digest once it matches', async () => {
  const digest = await write('hello', { digest: sha256('hello'), size: 5 });
  assert.equal(digest, sha256('hello'));
  assert.equal((await store.read(digest)).toString(), 'hello');
  assert.equal(await store.size(digest), 5);
  assert.ok(await store.has(digest));
  assert.deepEqual(await readdir(join(dir, 'ingest')), []);
});

test('a digest or size mismatch commits nothing and leaves no ingest file', async () => {
  const wrong = sha256('something else');
  await assert.rejects(write('payload', { digest: wrong }), (e) => errorCode(e) === 'ERR_DIGEST_MISMATCH');
  await assert.rejects(write('payload', { digest: sha256('payload'), size: 3 }), (e) => errorCode(e) === 'ERR_DIGEST_MISMATCH');
  assert.equal(await store.has(wrong), false);
  assert.equal(await store.has(sha256('payload')), false);
  assert.deepEqual(await readdir(join(dir, 'ingest')), []);
});

test('put, adopt (verified), delete', async () => {
  const d = await store.put('{"a":1}');
  assert.equal(d, sha256('{"a":1}'));
  assert.equal(await store.put('{"a":1}'), d);
  const f = join(dir, 'loose');
  await writeFile(f, 'loose');
  await assert.rejects(store.adopt(f, sha256('other')), (e) => errorCode(e) === 'ERR_DIGEST_MISMATCH');
  assert.equal(await store.adopt(f, sha256('loose')), sha256('loose'));
  assert.equal(await readFile(store.blobPath(sha256('loose')), 'utf8'), 'loose');
  await store.delete(d);
  assert.equal(await store.has(d), false);
  assert.throws(() => store.blobPath('sha256:../../etc'), /not a digest/);
});

test('init clears partial ingests left by a crash', async () => {
  await writeFile(join(dir, 'ingest', 'partial'), 'half');
  await store.init();
  assert.deepEqual(await readdir(join(dir, 'ingest')), []);
});
