// Layer apply on a real filesystem: whiteouts, hardlinks, devices, ownership; malicious tars refused with nothing
// written outside the layer root.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, readFile, lstat, readlink, rm, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pack, type Header } from 'tar-stream';
import { applyLayer, safeEntryPath } from '../../../src/layers/apply-layer.js';
import { lgetxattr } from '../../../src/common/syscalls.js';
import { errorCode } from '../../../src/errors.js';

type Entry = Partial<Header> & { name: string; body?: string; pax?: Record<string, string> };

async function tarOf(entries: Entry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((r) => p.on('end', () => r()));
  for (const { body, ...h } of entries) {
    await new Promise<void>((resolve, reject) => p.entry(h, body ?? '', (err) => (err ? reject(err) : resolve())));
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

let base: string;
let root: string;
let sentinelDir: string;
before(async () => {
  base = await mkdtemp(join(tmpdir(), 'berth-layer-'));
  sentinelDir = join(base, 'victim');
  await mkdir(sentinelDir);
  await writeFile(join(sentinelDir, 'hello'), 'untouched');
});
after(async () => {
  await rm(base, { recursive: true, force: true });
});

async function freshRoot(): Promise<string> {
  root = join(base, `root-${Math.random().toString(36).slice(2)}`);
  await mkdir(root);
  return root;
}

async function victimIntact(): Promise<void> {
  assert.deepEqual(await readdir(sentinelDir), ['hello']);
  assert.equal(await readFile(join(sentinelDir, 'hello'), 'utf8'), 'untouched');
  assert.deepEqual((await readdir(base)).filter((n) => !n.startsWith('root-') && n !== 'victim'), []);
}

test('safeEntryPath strips leading slashes and ./ and refuses ..', () => {
  assert.equal(safeEntryPath('./etc/passwd'), 'etc/passwd');
  assert.equal(safeEntryPath('/etc//passwd'), 'etc/passwd');
  assert.equal(safeEntryPath('./'), '');
  assert.throws(() => safeEntryPath('../x'), (e) => errorCode(e) === 'ERR_LAYER_PATH_ESCAPE');
  assert.throws(() => safeEntryPath('a/../../x'), (e) => errorCode(e) === 'ERR_LAYER_PATH_ESCAPE');
});

test('applies files, dirs, symlinks, hardlinks, devices, ownership, modes, mtimes, xattrs; gzip detected', async () => {
  const r = await freshRoot();
  const mtime = new Date('2024-01-02T03:04:05Z');
  const tar = await tarOf([
    { name: 'etc/', type: 'directory', mode: 0o755, mtime },
    { name: 'etc/passwd', body: 'root:x:0:0::/root:/bin/sh\n', mode: 0o644, uid: 0, gid: 0, mtime },
    { name: 'home/u/file', body: 'mine', mode: 0o600, uid: 1000, gid: 1001, mtime },
    { name: 'bin/sh', type: 'symlink', linkname: 'busybox', mtime },
    { name: 'bin/busybox', body: 'bb', mode: 0o4755, mtime },
    { name: 'bin/hard', type: 'link', linkname: 'bin/busybox' },
    { name: 'dev/null', type: 'character-device', devmajor: 1, devminor: 3, mode: 0o666 },
    { name: 'fifo', type: 'fifo', mode: 0o644 },
    { name: 'x', body: 'x', pax: { 'SCHILY.xattr.user.berth': 'yes' } },
  ]);
  const res = await applyLayer(r, Readable.from(gzipSync(tar)));
  assert.equal(res.compression, 'gzip');
  assert.equal(res.size, tar.length);
  assert.match(res.diffId, /^sha256:[0-9a-f]{64}$/);
  assert.notEqual(res.diffId, res.digest);
  assert.equal(await readFile(join(r, 'etc/passwd'), 'utf8'), 'root:x:0:0::/root:/bin/sh\n');
  const f = await lstat(join(r, 'home/u/file'));
  assert.deepEqual([f.uid, f.gid, f.mode & 0o7777], [1000, 1001, 0o600]);
  assert.equal(await readlink(join(r, 'bin/sh')), 'busybox');
  assert.equal((await lstat(join(r, 'bin/busybox'))).mode & 0o7777, 0o4755);
  assert.equal((await lstat(join(r, 'bin/hard'))).ino, (await lstat(join(r, 'bin/busybox'))).ino);
  const dev = await lstat(join(r, 'dev/null'));
  assert.ok(dev.isCharacterDevice());
  assert.equal(dev.rdev, 0x103);
  assert.ok((await lstat(join(r, 'fifo'))).isFIFO());
  assert.equal((await lstat(join(r, 'etc/passwd'))).mtime.toISOString(), mtime.toISOString());
  assert.equal((await lstat(join(r, 'etc'))).mtime.toISOString(), mtime.toISOString());
  assert.equal(lgetxattr(join(r, 'x'), 'user.berth')?.toString(), 'yes');
});

test('whiteouts become 0/0 char devices and opaque dirs get trusted.overlay.opaque=y', async () => {
  const r = await freshRoot();
  const tar = await tarOf([
    { name: 'gone/', type: 'directory' },
    { name: '.wh.hideme', body: '' },
    { name: 'dir/.wh..wh..opq', body: '' },
    { name: 'dir/new', body: 'n' },
  ]);
  await applyLayer(r, Readable.from(tar));
  const wh = await lstat(join(r, 'hideme'));
  assert.ok(wh.isCharacterDevice());
  assert.equal(wh.rdev, 0);
  assert.equal(lgetxattr(join(r, 'dir'), 'trusted.overlay.opaque')?.toString(), 'y');
  await assert.rejects(lstat(join(r, '.wh.hideme')));
});

test('binary xattr values (PAX SCHILY.xattr) are applied byte-exact', async () => {
  const r = await freshRoot();
  const value = Buffer.from([0x01, 0x00, 0x00, 0x02, 0x80, 0x00, 0x00, 0x00, 0xff, 0x0a, 0xc3]);
  const key = 'SCHILY.xattr.user.bin';
  const body = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
  const len = String(body.length + 2).length + body.length; // two digits here
  const record = Buffer.concat([Buffer.from(String(len)), body]);
  assert.equal(record.length, len);
  // tar-stream's pack cannot write a raw PAX header: build the ustar `x` header by hand, then the file after it.
  const head = Buffer.alloc(512);
  head.write('PaxHeaders/bin', 0);
  head.write('0000644\0', 100);
  head.write('0000000\0', 108);
  head.write('0000000\0', 116);
  head.write(record.length.toString(8).padStart(11, '0') + '\0', 124);
  head.write('00000000000\0', 136);
  head.write('        ', 148);
  head.write('x', 156);
  head.write('ustar\u000000', 257);
  head.write((head.reduce((a, b) => a + b, 0).toString(8).padStart(6, '0')) + '\0 ', 148);
  const data = Buffer.alloc(Math.ceil(record.length / 512) * 512);
  record.copy(data);
  const tar = Buffer.concat([head, data, await tarOf([{ name: 'bin', mode: 0o644, body: 'b' }])]);
  await applyLayer(r, Readable.from(tar));
  assert.deepEqual(lgetxattr(join(r, 'bin'), 'user.bin'), value);
  assert.equal(await readFile(join(r, 'bin'), 'utf8'), 'b');
});

test('a layer cannot forge overlay xattrs', async () => {
  const r = await freshRoot();
  await applyLayer(r, Readable.from(await tarOf([{ name: 'd/', type: 'directory', pax: { 'SCHILY.xattr.trusted.overlay.opaque': 'y' } }])));
  assert.equal(lgetxattr(join(r, 'd'), 'trusted.overlay.opaque'), undefined);
});

const breakouts: Array<[string, Entry[]]> = [
  ['.. in a name', [{ name: '../victim/hello', body: 'pwned' }]],
  ['.. deeper in a name', [{ name: 'a/../../victim/hello', body: 'pwned' }]],
  ['write through an absolute symlink', [{ name: 'pwn', type: 'symlink', linkname: '' }, { name: 'pwn/hello', body: 'pwned' }]],
  ['write through a relative symlink', [{ name: 'pwn', type: 'symlink', linkname: '../victim' }, { name: 'pwn/hello', body: 'pwned' }]],
  ['whiteout through a symlink', [{ name: 'pwn', type: 'symlink', linkname: '../victim' }, { name: 'pwn/.wh.hello', body: '' }]],
  ['hardlink with ..', [{ name: 'loophole', type: 'link', linkname: '../victim/hello' }]],
  ['hardlink through a symlink', [{ name: 'pwn', type: 'symlink', linkname: '../victim' }, { name: 'loophole', type: 'link', linkname: 'pwn/hello' }]],
  ['directory through a symlink', [{ name: 'pwn', type: 'symlink', linkname: '../victim' }, { name: 'pwn/sub/', type: 'directory' }]],
  ['opaque whiteout through a symlink', [{ name: 'pwn', type: 'symlink', linkname: '../victim' }, { name: 'pwn/.wh..wh..opq', body: '' }]],
  ['a directory replaced by a symlink, then written through', [{ name: 'd/', type: 'directory' }, { name: 'd', type: 'symlink', linkname: '../victim' }, { name: 'd/hello', body: 'pwned' }]],
  ['device node through a symlink', [{ name: 'pwn', type: 'symlink', linkname: '../victim' }, { name: 'pwn/hello', type: 'fifo' }]],
  ['.. after a leading slash', [{ name: '/../victim/hello', body: 'pwned' }]],
  // A whiteout names its victim in its last component: `.wh...` would remove the root's parent, `.wh..` the parent.
  ['whiteout of ..', [{ name: '.wh...', body: '' }]],
  ['whiteout of .. in a subdirectory', [{ name: 'a/b/.wh...', body: '' }]],
  ['whiteout of .', [{ name: 'a/.wh..', body: '' }]],
  ['whiteout of the empty name', [{ name: 'a/.wh.', body: '' }]],
];

for (const [what, entries] of breakouts) {
  test(`refuses a malicious layer: ${what}`, async () => {
    const r = await freshRoot();
    const fixed = entries.map((e) => (e.type === 'symlink' && e.linkname === '' ? { ...e, linkname: sentinelDir } : e));
    await assert.rejects(applyLayer(r, Readable.from(await tarOf(fixed))), (e) => errorCode(e) === 'ERR_LAYER_PATH_ESCAPE');
    await victimIntact();
    await lstat(r); // the root itself is still there
  });
}

test('a directory replaced by a symlink keeps its mtime out of the symlink target', async () => {
  const r = await freshRoot();
  const before = (await lstat(sentinelDir)).mtime.toISOString();
  const old = new Date('2001-01-01T00:00:00Z');
  await applyLayer(r, Readable.from(await tarOf([{ name: 'd/', type: 'directory', mtime: old }, { name: 'd', type: 'symlink', linkname: sentinelDir }])));
  assert.equal((await lstat(sentinelDir)).mtime.toISOString(), before);
  await victimIntact();
});

test('aufs metadata entries (.wh..wh.*) are skipped, not turned into whiteouts', async () => {
  const r = await freshRoot();
  await applyLayer(r, Readable.from(await tarOf([{ name: '.wh..wh.plnk/', type: 'directory' }, { name: '.wh..wh.aufs', body: '' }, { name: 'kept', body: 'k' }])));
  assert.deepEqual((await readdir(r)).sort(), ['kept']);
});

test('a truncated or garbage tar is an invalid-tar error', async () => {
  const r = await freshRoot();
  const good = await tarOf([{ name: 'big', body: 'x'.repeat(5000) }]);
  await assert.rejects(applyLayer(r, Readable.from(good.subarray(0, 1500))), (e) => errorCode(e) === 'ERR_INVALID_TAR');
  await assert.rejects(applyLayer(r, Readable.from(Buffer.from('this is not a tar archive at all'.repeat(40)))), (e) => errorCode(e) === 'ERR_INVALID_TAR');
});

test('absolute names and replacing a symlink land inside the root, never at the real path', async () => {
  const r = await freshRoot();
  const entries: Entry[] = [
    { name: `${sentinelDir}/hello`, body: 'inside' },
    { name: 'link', type: 'symlink', linkname: join(sentinelDir, 'hello') },
    { name: 'link', body: 'replaced' },
  ];
  await applyLayer(r, Readable.from(await tarOf(entries)));
  assert.equal(await readFile(join(r, sentinelDir, 'hello'), 'utf8'), 'inside');
  assert.equal((await lstat(join(r, 'link'))).isFile(), true);
  assert.equal(await readFile(join(r, 'link'), 'utf8'), 'replaced');
  await victimIntact();
});
