// A container's filesystem as a root to resolve paths in (docker cp), with its mounts where the container sees them:
// - running (or paused): the root of its init process (/proc/<pid>/root), which is the container's own mount
//   namespace: volumes, binds and tmpfs mounts are crossed into by the kernel while it resolves inside that root.
//   The root is checked to be the container's rootfs (a pid reused by a host process would give the host's `/`).
// - otherwise: its overlay mounted for the time of the operation in a private temp dir with its volumes and binds
//   attached (view-mounts.ts), read-only where the container's are; under the container's lock, so a start waits.
// Mounts the container gets at start (/etc/hostname, /etc/hosts, /etc/resolv.conf) are files in its directory;
// paths naming them are served from there.
import { mkdtemp, rmdir, access, stat } from 'node:fs/promises';
import { fstat } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import type { ContainerService } from './container-service.js';
import type { ContainerRecord } from './container-record.js';
import { InRoot, splitPath } from '../../common/fs/in-root.js';
import { mount, umount, MNT_DETACH, MS_BIND, MS_PRIVATE, MS_RDONLY, MS_REMOUNT } from '../../common/syscalls.js';
import { overlayOptions } from '../../runtime/bundle.js';
import { BerthError } from '../../errors.js';
import { attachViewMounts } from './view-mounts.js';

const fstatAsync = promisify(fstat);

const CONTAINER_FILES = new Set(['/etc/hostname', '/etc/hosts', '/etc/resolv.conf']);

export interface RootedPath {
  root: InRoot;
  /** The path to use under `root`. */
  path: string;
}

/** Runs `fn` with the container's root open (and mounted if needed); everything is released afterwards. */
export async function withContainerRoot<T>(svc: ContainerService, rec: ContainerRecord, path: string, fn: (r: RootedPath) => Promise<T>): Promise<T> {
  const special = await containerFile(svc, rec, path);
  if (special) return withRoot(special.dir, special.path, fn);
  const live = await svc.locks.run(rec.id, async () => {
    if (rec.state.status !== 'running' && rec.state.status !== 'paused') return undefined;
    return liveRoot(svc, rec);
  });
  if (live) return runAndClose(live, path, fn);
  return svc.locks.run(rec.id, () => withStoppedView(svc, rec, (root) => fn({ root, path })));
}

/** The running container's root as its processes see it, checked to be its rootfs. */
async function liveRoot(svc: ContainerService, rec: ContainerRecord): Promise<InRoot> {
  const root = await InRoot.open(`/proc/${rec.state.pid}/root`).catch(() => undefined);
  if (root) {
    const [seen, rootfs] = await Promise.all([fstatAsync(root.fd), stat(join(svc.paths.runtimeDir(rec.id), 'rootfs')).catch(() => undefined)]);
    if (rootfs && seen.dev === rootfs.dev && seen.ino === rootfs.ino) return root;
    await root.close();
  }
  throw new BerthError('conflict', 'ERR_CONTAINER_NOT_RUNNING', `container ${rec.id} is not running`);
}

async function withStoppedView<T>(svc: ContainerService, rec: ContainerRecord, fn: (root: InRoot) => Promise<T>): Promise<T> {
  const image = await svc.options.images.getImageForRun(rec.imageId);
  const dir = svc.paths.container(rec.id);
  const target = await mkdtemp(join(svc.paths.tmp, 'cp-'));
  const { data, cwd } = overlayOptions({ lowerDirs: image.lowerDirs, upperDir: join(dir, 'upper'), workDir: join(dir, 'work') });
  try {
    mountIn(cwd, target, data);
  } catch (err) {
    await rmdir(target).catch(() => {});
    throw err;
  }
  try {
    // Nothing attached below propagates to (or back from) the host's mounts; the detach below takes it all.
    mount('none', target, null, MS_PRIVATE, null);
    const root = await InRoot.open(target);
    try {
      await attachViewMounts(root, target, rec.mounts ?? [], svc.options.volumes);
      if (rec.hostConfig.ReadonlyRootfs === true) mount('none', target, null, MS_REMOUNT | MS_BIND | MS_RDONLY, null);
      return await fn(root);
    } finally {
      await root.close();
    }
  } finally {
    umount(target, MNT_DETACH);
    // rmdir, never a recursive rm: should anything still be mounted there, it must not be emptied.
    await rmdir(target).catch(() => {});
  }
}

async function withRoot<T>(dir: string, path: string, fn: (r: RootedPath) => Promise<T>): Promise<T> {
  return runAndClose(await InRoot.open(dir), path, fn);
}

async function runAndClose<T>(root: InRoot, path: string, fn: (r: RootedPath) => Promise<T>): Promise<T> {
  try {
    return await fn({ root, path });
  } finally {
    await root.close();
  }
}

/** `/etc/hosts` and friends: the container's own copy once it has been started. */
async function containerFile(svc: ContainerService, rec: ContainerRecord, path: string): Promise<{ dir: string; path: string } | undefined> {
  const { parent, name } = splitPath(path);
  const clean = `${parent === '/' ? '' : parent}/${name}`;
  if (!CONTAINER_FILES.has(clean) || path.endsWith('/')) return undefined;
  const dir = svc.paths.container(rec.id);
  const exists = await access(join(dir, name)).then(() => true, () => false);
  return exists ? { dir, path: `/${name}` } : undefined;
}

function mountIn(cwd: string | undefined, target: string, data: string): void {
  if (!cwd) return mount('overlay', target, 'overlay', 0, data);
  // Synchronous from chdir to chdir: nothing else runs in between (see runtime/bundle.ts).
  const back = process.cwd();
  process.chdir(cwd);
  try {
    mount('overlay', target, 'overlay', 0, data);
  } finally {
    process.chdir(back);
  }
}
