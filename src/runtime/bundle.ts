// The OCI bundle of a container: `<dir>/rootfs` (an overlay of the image's layers and the container's own upper
// dir) and `<dir>/config.json`. The runtime driver knows nothing of images: it gets directories.
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { mount, umount, MNT_DETACH } from '../common/syscalls.js';
import { atomicWriteJson } from '../common/fs/atomic-write.js';

export interface OverlayDirs {
  /** Top-most layer first, as overlayfs wants them. */
  lowerDirs: string[];
  upperDir: string;
  workDir: string;
}

/** mount(2) copies one page of options: past this, lower dirs are given relative to their common parent. */
const MAX_DATA = 4000;

/**
 * The overlay mount options. Long lower-dir lists (over ~100 layers) do not fit in the page mount(2) copies, so
 * then the lower dirs are named relative to their common parent, and the mount is made from there (Docker
 * overlay2's trick: 500 layers fit). Pure.
 */
export function overlayOptions(o: OverlayDirs): { data: string; cwd?: string } {
  const abs = `lowerdir=${o.lowerDirs.join(':')},upperdir=${o.upperDir},workdir=${o.workDir}`;
  if (abs.length <= MAX_DATA) return { data: abs };
  const cwd = commonParent(o.lowerDirs);
  const rel = o.lowerDirs.map((d) => relative(cwd, d));
  return { data: `lowerdir=${rel.join(':')},upperdir=${o.upperDir},workdir=${o.workDir}`, cwd };
}

function commonParent(dirs: string[]): string {
  let parent = dirname(dirs[0]!);
  while (!dirs.every((d) => d.startsWith(`${parent}/`)) && parent !== '/') parent = dirname(parent);
  return parent;
}

/** Mounts the container's rootfs at `<bundle>/rootfs` and returns its path. */
export async function mountRootfs(bundle: string, overlay: OverlayDirs): Promise<string> {
  const rootfs = join(bundle, 'rootfs');
  await mkdir(rootfs, { recursive: true });
  const { data, cwd } = overlayOptions(overlay);
  if (!cwd) {
    mount('overlay', rootfs, 'overlay', 0, data);
    return rootfs;
  }
  // Synchronous from chdir to chdir: no other JavaScript runs in between, so nothing else sees the other cwd.
  const back = process.cwd();
  process.chdir(cwd);
  try {
    mount('overlay', rootfs, 'overlay', 0, data);
  } finally {
    process.chdir(back);
  }
  return rootfs;
}

export async function writeBundleSpec(bundle: string, spec: unknown): Promise<void> {
  await atomicWriteJson(join(bundle, 'config.json'), spec, { durable: false });
}

/** Unmounts the rootfs (lazily: a process still inside keeps its view) and removes the bundle directory. */
export async function releaseBundle(bundle: string): Promise<void> {
  try {
    umount(join(bundle, 'rootfs'), MNT_DETACH);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'EINVAL' && code !== 'ENOENT') throw err;
  }
  await rm(bundle, { recursive: true, force: true });
}
