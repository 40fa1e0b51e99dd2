import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { FrameDecoder, demultiplex } from './stdcopy.js';

const frame = (stream: number, text: string) => {
  const payload = Buffer.from(text);
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(payload.length, 4);
  return Buffer.concat([h, payload]);
};

test('frames split across chunks are reassembled', () => {
  const all = Buffer.concat([frame(1, 'hello\n'), frame(2, 'oops\n'), frame(1, '')]);
  const d = new FrameDecoder();
  const got = [];
  for (let i = 0; i < all.length; i += 3) got.push(...d.push(all.subarray(i, i + 3)));
  assert.deepEqual(got.map((f) => [f.stream, f.payload.toString()]), [[1, 'hello\n'], [2, 'oops\n'], [1, '']]);
  assert.equal(d.pending, 0);
});

test('demultiplex writes stdout and stderr apart; systemerr rejects', async () => {
  const out = new PassThrough();
  const err = new PassThrough();
  await demultiplex(Readable.from([Buffer.concat([frame(1, 'a'), frame(2, 'b'), frame(1, 'c')])]), out, err);
  assert.equal(String(out.read()), 'ac');
  assert.equal(String(err.read()), 'b');
  await assert.rejects(demultiplex(Readable.from([frame(3, 'boom\n')]), out, err), /boom/);
});
