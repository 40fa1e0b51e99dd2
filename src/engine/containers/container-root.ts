// A container's filesystem as a root to resolve paths in (docker cp): the running container's rootfs mount, or, for
// a container that is not running, its overlay mounted for the time of the operation in a private temp dir (under
// the container's lock, so a start waits for it). Mounts the container gets at start (/etc/hostname, /etc/hosts,
// /etc/resolv.conf) are files in its directory; paths naming them are served from there.
import { mkdtemp, rm, access } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerService } from './container-service.js';
import type { ContainerRecord } from './container-record.js';
import { InRoot, splitPath } from '../../common/fs/in-root.js';
import { mount, umount, MNT_DETACH } from '../../common/syscalls.js';
import { overlayOptions } from '../../runtime/bundle.js';

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
    return InRoot.open(join(svc.paths.runtimeDir(rec.id), 'rootfs'));
  });
  if (live) return runAndClose(live, path, fn);
  return svc.locks.run(rec.id, async () => {
    const image = await svc.options.images.getImageForRun(rec.imageId);
    const dir = svc.paths.container(rec.id);
    const target = await mkdtemp(join(svc.paths.tmp, 'cp-'));
    try {
      const { data, cwd } = overlayOptions({ lowerDirs: image.lowerDirs, upperDir: join(dir, 'upper'), workDir: join(dir, 'work') });
      mountIn(cwd, target, data);
      try {
        return await withRoot(target, path, fn);
      } finally {
        umount(target, MNT_DETACH);
      }
    } finally {
      await rm(target, { recursive: true, force: true });
    }
  });
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
