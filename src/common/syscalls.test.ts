import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makedev, mknod, S_IFCHR, lsetxattr, lgetxattr, mount, umount, SyscallError } from './syscalls.js';

test('makedev encodes major/minor like glibc', () => {
  assert.equal(makedev(0, 0), 0n);
  assert.equal(makedev(1, 3), 0x103n);
  assert.equal(makedev(5, 1), 0x501n);
});

test('mknod makes a 0/0 whiteout device; xattrs round-trip; mount errors carry errno', { skip: process.getuid?.() !== 0 && 'needs root' }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-sys-'));
  try {
    mknod(join(dir, 'wh'), S_IFCHR, 0, 0);
    const st = await stat(join(dir, 'wh'));
    assert.ok(st.isCharacterDevice());
    assert.equal(st.rdev, 0);
    await writeFile(join(dir, 'f'), 'x');
    lsetxattr(join(dir, 'f'), 'trusted.overlay.opaque', 'y');
    assert.equal(lgetxattr(join(dir, 'f'), 'trusted.overlay.opaque')?.toString(), 'y');
    assert.equal(lgetxattr(join(dir, 'f'), 'trusted.berth.none'), undefined);
    mount('tmpfs', join(dir, 'nope', 'x'), 'tmpfs', 0, null);
    assert.fail('mount on a missing dir must fail');
  } catch (err) {
    if (!(err instanceof SyscallError)) throw err;
    assert.equal((err as unknown as { code: string }).code, 'ENOENT');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  void umount;
});
