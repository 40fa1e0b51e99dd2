// The bundle's rootfs on the real kernel: an overlay of many lower dirs (past the one page of options mount(2)
// copies), the upper dir taking writes, and release leaving nothing mounted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, writeFile, rm, readdir, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mountRootfs, releaseBundle, overlayOptions } from '../../../src/runtime/bundle.js';
import { umount, MNT_DETACH } from '../../../src/common/syscalls.js';

let base: string;
before(async () => {
  base = await mkdtemp(join(tmpdir(), 'berth-bundle-'));
});
after(async () => {
  // whatever a failed test left mounted goes first
  const mounts = await readFile('/proc/self/mountinfo', 'utf8');
  for (const m of mounts.split('\n').map((l) => l.split(' ')[4]).filter((m): m is string => !!m && m.startsWith(base))) {
    try {
      umount(m, MNT_DETACH);
    } catch {}
  }
  await rm(base, { recursive: true, force: true });
});

const mounted = async (path: string) => (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').some((l) => l.split(' ')[4] === path);

async function layers(n: number): Promise<string[]> {
  const dirs: string[] = [];
  for (let i = 1; i <= n; i++) {
    const d = join(base, 'snapshots', String(i), 'fs');
    await mkdir(d, { recursive: true });
    await writeFile(join(d, `layer-${i}`), String(i));
    await writeFile(join(d, 'common'), String(i));
    dirs.unshift(d); // top-most first
  }
  return dirs;
}

for (const n of [3, 200]) {
  test(`${n} layers: every file visible, the top one wins, writes land in the upper dir`, async () => {
    const lowerDirs = (await layers(n)).slice(-n);
    const c = join(base, `c${n}`);
    await mkdir(join(c, 'upper'), { recursive: true });
    await mkdir(join(c, 'work'), { recursive: true });
    const overlay = { lowerDirs, upperDir: join(c, 'upper'), workDir: join(c, 'work') };
    assert.equal(overlayOptions(overlay).cwd !== undefined, n > 100, 'relative lower dirs only when they do not fit');
    const cwd = process.cwd();
    const rootfs = await mountRootfs(join(base, `bundle${n}`), overlay);
    assert.equal(process.cwd(), cwd, 'the daemon\'s cwd is unchanged');
    assert.ok(await mounted(rootfs));
    const names = await readdir(rootfs);
    assert.equal(names.filter((x) => x.startsWith('layer-')).length, n);
    assert.equal(await readFile(join(rootfs, 'common'), 'utf8'), String(n));
    await writeFile(join(rootfs, 'new'), 'x');
    assert.equal(await readFile(join(c, 'upper', 'new'), 'utf8'), 'x');
    await releaseBundle(join(base, `bundle${n}`));
    assert.ok(!(await mounted(rootfs)));
    await assert.rejects(access(join(base, `bundle${n}`)));
    await releaseBundle(join(base, `bundle${n}`)); // twice is fine
  });
}
