import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { extract, pack } from 'tar-stream';
import { remapTarIds } from './remap-tar.js';

async function entries(s: Readable): Promise<Array<{ name: string; uid: number; gid: number; body: string; pax?: Record<string, string> }>> {
  const out: Array<{ name: string; uid: number; gid: number; body: string; pax?: Record<string, string> }> = [];
  const ex = extract();
  s.on('error', (e: Error) => ex.destroy(e));
  s.pipe(ex);
  for await (const e of ex) {
    const chunks: Buffer[] = [];
    for await (const c of e) chunks.push(c as Buffer);
    out.push({ name: e.header.name, uid: e.header.uid ?? -1, gid: e.header.gid ?? -1, body: Buffer.concat(chunks).toString(), pax: (e.header.pax ?? undefined) as Record<string, string> | undefined });
  }
  return out;
}

test('owners are rewritten; names, data and PAX xattrs pass unchanged', async () => {
  const p = pack();
  p.entry({ name: 'dir/', type: 'directory', uid: 100000, gid: 100000 });
  p.entry({ name: 'dir/f', uid: 101000, gid: 100050, pax: { 'SCHILY.xattr.user.k': 'v' } }, 'hello');
  p.entry({ name: 'host', uid: 0, gid: 0 }, 'x');
  p.finalize();
  const got = await entries(remapTarIds(Readable.from(p as unknown as AsyncIterable<Buffer>), (u, g) => ({ uid: u >= 100000 ? u - 100000 : 65534, gid: g >= 100000 ? g - 100000 : 65534 })));
  assert.deepEqual(got.map(({ name, uid, gid, body }) => ({ name, uid, gid, body })), [
    { name: 'dir/', uid: 0, gid: 0, body: '' },
    { name: 'dir/f', uid: 1000, gid: 50, body: 'hello' },
    { name: 'host', uid: 65534, gid: 65534, body: 'x' },
  ]);
  assert.equal(got[1]!.pax?.['SCHILY.xattr.user.k'], 'v');
});

test('a broken input is an error on the output', async () => {
  const bad = Readable.from([Buffer.alloc(512, 7)]);
  await assert.rejects(entries(remapTarIds(bad, (u, g) => ({ uid: u, gid: g }))));
});
