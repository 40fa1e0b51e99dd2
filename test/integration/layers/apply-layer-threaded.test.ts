// The worker-thread apply gives what the in-thread apply gives: the same digests and tree, the same refusals (as
// BerthErrors with their codes), and a cancelled apply stops before the promise settles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { pack, type Header } from 'tar-stream';
import { applyLayer } from '../../../src/layers/apply-layer.js';
import { applyLayerThreaded } from '../../../src/layers/apply-layer-threaded.js';
import { errorCode } from '../../../src/errors.js';

type Entry = Partial<Header> & { name: string; body?: string | Buffer };
async function tarOf(entries: Entry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((r) => p.on('end', () => r()));
  for (const { body, ...h } of entries) await new Promise<void>((resolve, reject) => p.entry(h, body ?? '', (err) => (err ? reject(err) : resolve())));
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

let base: string;
before(async () => {
  base = await mkdtemp(join(tmpdir(), 'berth-layer-thread-'));
});
after(async () => {
  await rm(base, { recursive: true, force: true });
});

test('same digests, size and files as applyLayer, for a gzip layer bigger than the in-flight window', async () => {
  const big = randomBytes(12 << 20);
  const gz = gzipSync(await tarOf([{ name: 'd/', type: 'directory' }, { name: 'd/big', body: big }, { name: 'd/small', body: 'hi', uid: 1000, gid: 1000 }]), { level: 1 });
  const a = join(base, 'a');
  const b = join(base, 'b');
  await mkdir(a);
  await mkdir(b);
  let read = 0;
  const inThread = await applyLayer(a, Readable.from([gz]));
  // in small chunks, as from a socket
  const chunks = Array.from({ length: Math.ceil(gz.length / 65536) }, (_, i) => gz.subarray(i * 65536, (i + 1) * 65536));
  const threaded = await applyLayerThreaded(b, Readable.from(chunks), { onRead: (n) => (read += n) });
  assert.deepEqual(threaded, inThread);
  assert.equal(read, gz.length);
  assert.ok((await readFile(join(b, 'd/big'))).equals(big));
  assert.equal((await stat(join(b, 'd/small'))).uid, 1000);
});

test('a malicious layer is refused with the same error code', async () => {
  const root = join(base, 'evil');
  await mkdir(root);
  const tar = await tarOf([{ name: 'link', type: 'symlink', linkname: '/tmp' }, { name: 'link/escaped', body: 'x' }]);
  await assert.rejects(applyLayerThreaded(root, Readable.from([tar])), (err: unknown) => errorCode(err) === 'ERR_LAYER_PATH_ESCAPE');
  const garbage = Buffer.alloc(2048, 7);
  await assert.rejects(applyLayerThreaded(root, Readable.from([garbage])), (err: unknown) => errorCode(err) === 'ERR_INVALID_TAR');
});

test('cancelled mid-layer: rejects with an AbortError once the worker has stopped; the worker serves the next layer', async () => {
  const root = join(base, 'cancel');
  await mkdir(root);
  const tar = await tarOf([{ name: 'f', body: randomBytes(4 << 20) }]);
  const input = new PassThrough();
  input.write(tar.subarray(0, 1 << 20));
  const ac = new AbortController();
  const p = applyLayerThreaded(root, input, { signal: ac.signal });
  setTimeout(() => ac.abort(), 100);
  await assert.rejects(p, (err: Error) => err.name === 'AbortError');
  const next = join(base, 'next');
  await mkdir(next);
  await applyLayerThreaded(next, Readable.from([await tarOf([{ name: 'ok', body: 'fine' }])]));
  assert.deepEqual(await readdir(next), ['ok']);
});
