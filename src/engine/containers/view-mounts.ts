// The volumes and binds of a container that is not running, attached to a private view of its filesystem for
// docker cp (docker mounts them for the copy too): each source is cloned as a detached mount tree (open_tree),
// made private (and read-only for a `:ro` mount) before it is attached anywhere, then moved onto its destination
// held as an fd that was resolved inside the view's root (openat2 RESOLVE_IN_ROOT), so a symlink in the image can
// neither redirect the mount to a host path nor have it land outside the view. tmpfs mounts are left out: a
// stopped container has none (docker then copies the directory beneath, as we do).
import { promises as fs, constants as C } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import type { InRoot } from '../../common/fs/in-root.js';
import { closeFd, fdPath, splitPath } from '../../common/fs/in-root.js';
import { AT_RECURSIVE, MOUNT_ATTR_RDONLY, MS_PRIVATE, OPEN_TREE_CLONE, moveMount, mountSetattr, openTree } from '../../common/syscalls.js';
import { invalidArgument } from '../../errors.js';
import type { VolumeService } from '../volumes/volume-service.js';
import { copyUp, type MountPoint } from './container-mounts.js';

/** Attaches every volume and bind of `mounts` under `root` (a freshly mounted, private view); parents first. */
export async function attachViewMounts(root: InRoot, rootfs: string, mounts: MountPoint[], volumes: VolumeService | undefined): Promise<void> {
  const ordered = mounts.filter((m) => m.Type !== 'tmpfs').sort((a, b) => depth(a.Destination) - depth(b.Destination));
  for (const m of ordered) {
    const source = await sourceOf(m, rootfs, volumes);
    const isDir = (await stat(source)).isDirectory();
    const target = await mountTarget(root, m.Destination, isDir);
    try {
      const tree = openTree(source, OPEN_TREE_CLONE | AT_RECURSIVE);
      try {
        mountSetattr(tree, { set: m.RW ? 0 : MOUNT_ATTR_RDONLY, propagation: MS_PRIVATE, recursive: true });
        moveMount(tree, target);
      } finally {
        await closeFd(tree);
      }
    } finally {
      await closeFd(target);
    }
  }
}

const depth = (p: string) => p.split('/').filter(Boolean).length;

/** The host path to attach: the volume's directory (filled from the image first when empty, as at start) or the bind source. */
async function sourceOf(m: MountPoint, rootfs: string, volumes: VolumeService | undefined): Promise<string> {
  if (m.Type === 'volume') {
    if (!volumes) throw invalidArgument('volumes are not available on this daemon');
    const source = await volumes.mountpoint(m.Name!);
    if (!m.noCopy && (await volumes.isEmpty(m.Name!))) await copyUp(rootfs, m.Destination, source);
    return source;
  }
  const exists = await stat(m.Source).then(() => true, () => false);
  if (!exists) {
    if (!m.createSource) throw invalidArgument(`invalid mount config for type "bind": bind source path does not exist: ${m.Source}`);
    await mkdir(m.Source, { recursive: true });
  }
  return m.Source;
}

/** An O_PATH fd of the mount's destination inside the root, created (a directory, or an empty file for a file source) when missing. */
async function mountTarget(root: InRoot, destination: string, isDir: boolean): Promise<number> {
  try {
    return root.resolve(destination, { directory: isDir });
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
  }
  if (isDir) return root.mkdirAll(destination);
  const { parent, name } = splitPath(destination);
  const dirFd = await root.mkdirAll(parent);
  try {
    const file = await fs.open(fdPath(dirFd, name), C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 0o644);
    await file.close();
  } finally {
    await closeFd(dirFd);
  }
  return root.resolve(destination);
}
