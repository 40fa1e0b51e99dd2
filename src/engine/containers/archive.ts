// docker cp through the archive API: HEAD (stat), GET (a tar of a path), PUT (a tar extracted into a directory).
// Every path is resolved inside the container's root by the kernel (common/fs/in-root.ts), with the container's
// volumes, binds and tmpfs mounts where it has them (container-root.ts); the tree walk and the
// extraction then touch only `<directory fd>/<one name>` with O_NOFOLLOW, so a symlink swapped in while we copy
// (CVE-2018-15664) is copied as a link or refused, never followed out of the container.
import { promises as fs, constants as C, createReadStream, type Stats } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
import { pack, extract, type Header } from 'tar-stream';

type Headers = Partial<Header> & { name: string };
import type { ContainerService } from './container-service.js';
import { toContainer, toHost, type IdMap } from '../../common/id-map.js';
import { withContainerRoot } from './container-root.js';
import { fdPath, closeFd, splitPath, type InRoot } from '../../common/fs/in-root.js';
import { mknod, S_IFBLK, S_IFCHR, S_IFIFO } from '../../common/syscalls.js';
import { pathStat, type PathStat } from './archive-stat.js';
import { BerthError, invalidArgument } from '../../errors.js';

const notFoundIn = (path: string, ref: string) => new BerthError('not-found', 'ERR_NO_SUCH_FILE', `Could not find the file ${path} in container ${ref}`);

function isMissing(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The stat of `path` (not following a last-component symlink; its target is reported as linkTarget). */
export async function statContainerPath(svc: ContainerService, ref: string, path: string): Promise<PathStat> {
  const rec = svc.resolve(ref);
  return withContainerRoot(svc, rec, path, ({ root, path: p }) => statIn(root, p).catch((err) => {
    throw isMissing(err) ? notFoundIn(path, ref) : err;
  }));
}

async function statIn(root: InRoot, path: string): Promise<PathStat> {
  const { dirFd, name } = root.resolveParent(path);
  try {
    // `.` names the held directory itself: stat follows the /proc link to it (lstat would describe the link).
    const st = name === '.' ? await fs.stat(fdPath(dirFd)) : await fs.lstat(fdPath(dirFd, name));
    const shown = name === '.' ? (splitPath(path).parent.split('/').pop() || '/') : name;
    if (!st.isSymbolicLink()) return pathStat(shown, st);
    return pathStat(shown, st, await linkTargetIn(root, path));
  } finally {
    await closeFd(dirFd);
  }
}

/** Where a symlink leads, as a path inside the container (resolved the way the container would); '' if that fails. */
async function linkTargetIn(root: InRoot, path: string): Promise<string> {
  return root.followPath(path).catch(() => '');
}

/** GET: the stat, then the tar of `path` (entries named after its last component) written to `open(stat)`. */
export async function getContainerArchive(svc: ContainerService, ref: string, path: string, open: (stat: PathStat) => Writable): Promise<void> {
  const rec = svc.resolve(ref);
  await withContainerRoot(svc, rec, path, async ({ root, path: p }) => {
    const stat = await statIn(root, p).catch((err) => {
      throw isMissing(err) ? notFoundIn(path, ref) : err;
    });
    const { dirFd, name } = root.resolveParent(p);
    try {
      const tar = pack();
      const out = open(stat);
      const sent = pipeline(tar, out);
      const walk = (async () => {
        try {
          const userns = svc.usernsOf(rec);
          const ids: IdsOf = userns ? (st) => toContainer(userns, st.uid, st.gid) : (st) => ({ uid: st.uid, gid: st.gid });
          await addEntry(tar, dirFd, name, name === '.' ? '.' : name, ids);
          tar.finalize();
        } catch (err) {
          tar.destroy(err as Error);
        }
      })();
      // Both are watched from the start: a client gone mid-walk fails `sent` while the walk still runs (it ends
      // once the destroyed tar refuses its next entry), and the directory fd stays open until the walk is over.
      const [result] = await Promise.allSettled([sent, walk]);
      if (result.status === 'rejected') throw result.reason;
    } finally {
      await closeFd(dirFd);
    }
  });
  svc.emit(rec, 'archive-path'); // as dockerd does after a copy out
}

type Pack = ReturnType<typeof pack>;

function entry(tar: Pack, header: Headers, body?: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const sink = tar.entry(header, (err) => (err ? reject(err) : resolve()));
    sink.on('error', reject); // an 'error' without a listener would throw out of the event loop
    if (body) body.on('error', reject).pipe(sink);
  });
}

/** Owners as the container sees them: the host's IDs, shifted back under --userns-remap. */
type IdsOf = (st: Stats) => { uid: number; gid: number };

function header(name: string, st: Stats, ids: IdsOf): Headers {
  return { name, mode: st.mode & 0o7777, ...ids(st), mtime: st.mtime, size: 0 };
}

/** Adds `name` in the directory `dirFd` under the archive name `as`, recursing into directories without following links. */
async function addEntry(tar: Pack, dirFd: number, name: string, as: string, ids: IdsOf): Promise<void> {
  const at = fdPath(dirFd, name);
  const st = name === '.' ? await fs.stat(at) : await fs.lstat(at);
  if (st.isSymbolicLink()) return entry(tar, { ...header(as, st, ids), type: 'symlink', linkname: await fs.readlink(at) });
  if (st.isDirectory()) {
    const dir = await fs.open(at, C.O_RDONLY | C.O_DIRECTORY | C.O_NOFOLLOW);
    try {
      await entry(tar, { ...header(`${as}/`, st, ids), type: 'directory' });
      const names = (await fs.readdir(fdPath(dir.fd))).sort();
      for (const child of names) await addEntry(tar, dir.fd, child, `${as}/${child}`, ids);
    } finally {
      await dir.close();
    }
    return;
  }
  if (st.isFile()) {
    const file = await fs.open(at, C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK);
    try {
      const fst = await file.stat();
      if (!fst.isFile()) return; // swapped for something else between lstat and open
      const body = fst.size > 0 ? createReadStream('', { fd: file.fd, autoClose: false, start: 0, end: fst.size - 1 }) : undefined;
      await entry(tar, { ...header(as, fst, ids), type: 'file', size: fst.size }, body);
    } finally {
      await file.close();
    }
    return;
  }
  const dev = { devmajor: Math.floor(st.rdev / 256) & 0xfff, devminor: (st.rdev & 0xff) | ((st.rdev >> 12) & 0xfff00) };
  if (st.isCharacterDevice()) return entry(tar, { ...header(as, st, ids), type: 'character-device', ...dev });
  if (st.isBlockDevice()) return entry(tar, { ...header(as, st, ids), type: 'block-device', ...dev });
  if (st.isFIFO()) return entry(tar, { ...header(as, st, ids), type: 'fifo' });
  // sockets are not archived (as with Docker)
}

export interface PutOptions {
  /** Keep the archive's owners (docker cp -a); otherwise files belong to the container's root. */
  copyUIDGID: boolean;
  /** Refuse to replace a directory with a non-directory and the reverse. */
  noOverwriteDirNonDir: boolean;
  /** --userns-remap: the container's IDs are this host range (set here from the container). */
  idMap?: IdMap;
}

/** PUT: extracts the tar read from `body` into the directory `path` (which must exist). */
export async function putContainerArchive(svc: ContainerService, ref: string, path: string, body: Readable, options: PutOptions): Promise<void> {
  const rec = svc.resolve(ref);
  await withContainerRoot(svc, rec, path, async ({ root, path: dest }) => {
    let destFd: number;
    try {
      destFd = root.resolve(dest);
    } catch (err) {
      throw isMissing(err) ? notFoundIn(path, ref) : err;
    }
    try {
      const st = await fs.stat(fdPath(destFd));
      if (!st.isDirectory()) throw invalidArgument('extraction point is not a directory');
      await assertWritable(root, destFd);
    } finally {
      await closeFd(destFd);
    }
    await extractInto(root, dest, body, { ...options, idMap: svc.usernsOf(rec) });
  });
  svc.emit(rec, 'extract-to-dir');
}

/**
 * Refuses a read-only extraction point with docker's words: the directory's mount (as the container has it) says
 * whether it can be written; the rootfs and a volume/bind/tmpfs mount are told apart by their device.
 */
async function assertWritable(root: InRoot, destFd: number): Promise<void> {
  const readOnly = await fs.access(fdPath(destFd), C.W_OK).then(() => false, (err: { code?: string }) => err.code === 'EROFS');
  if (!readOnly) return;
  const [dest, top] = await Promise.all([fs.stat(fdPath(destFd)), fs.stat(fdPath(root.fd))]);
  if (dest.dev === top.dev) throw new BerthError('invalid-argument', 'ERR_READ_ONLY_ROOTFS', 'container rootfs is marked read-only');
  throw new BerthError('invalid-argument', 'ERR_READ_ONLY_VOLUME', 'mounted volume is marked read-only');
}

/** Archive member name → components under the extraction point; members that climb out of it are refused. */
export function memberParts(name: string): string[] {
  const parts: string[] = [];
  for (const p of name.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (parts.length === 0) throw invalidArgument(`invalid archive member ${JSON.stringify(name)}: it leads outside the extraction point`);
      parts.pop();
    } else parts.push(p);
  }
  return parts;
}

async function extractInto(root: InRoot, dest: string, body: Readable, options: PutOptions): Promise<void> {
  const ex = extract();
  const dirTimes: Array<{ parts: string[]; mtime: Date }> = [];
  const base = dest.replace(/\/+$/, '');
  const under = (parts: string[]) => `${base}/${parts.join('/')}`;
  const done = (async () => {
    for await (const e of ex) {
      const h = e.header;
      const parts = memberParts(h.name);
      try {
        if (parts.length === 0) {
          e.resume();
          continue;
        }
        const name = parts.at(-1)!;
        const dirFd = await ensureDir(root, base, parts.slice(0, -1));
        try {
          await writeMember(root, dirFd, name, h, e as unknown as Readable, options, under);
          if (h.type === 'directory' && h.mtime) dirTimes.push({ parts, mtime: h.mtime });
        } finally {
          await closeFd(dirFd);
        }
      } finally {
        e.resume();
      }
    }
  })();
  await Promise.all([pipeline(body, ex).catch((err: unknown) => {
    throw invalidArgument(`invalid tar archive: ${(err as Error).message}`);
  }), done]);
  // Directory times last: writing into a directory changes its mtime.
  for (const d of dirTimes.reverse()) {
    const { dirFd, name } = root.resolveParent(under(d.parts));
    try {
      await fs.lutimes(fdPath(dirFd, name), d.mtime, d.mtime).catch(() => {});
    } finally {
      await closeFd(dirFd);
    }
  }
}

/** The fd of `base/parts…`, creating missing directories (0755) one component at a time, resolved in the root. */
async function ensureDir(root: InRoot, base: string, parts: string[]): Promise<number> {
  let fd = root.resolve(base, { directory: true });
  for (let i = 0; i < parts.length; i++) {
    const prefix = `${base}/${parts.slice(0, i + 1).join('/')}`;
    let next: number;
    try {
      next = root.resolve(prefix, { directory: true });
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') {
        await closeFd(fd);
        throw err;
      }
      await fs.mkdir(fdPath(fd, parts[i]!), 0o755).catch((e: { code?: string }) => {
        if (e.code !== 'EEXIST') throw e;
      });
      next = root.resolve(prefix, { directory: true });
    }
    await closeFd(fd);
    fd = next;
  }
  return fd;
}

async function removeExisting(at: string, keepDir: boolean, options: PutOptions, isDir: boolean): Promise<boolean> {
  const st = await fs.lstat(at).catch(() => undefined);
  if (!st) return false;
  if (st.isDirectory() && keepDir) return true;
  if (options.noOverwriteDirNonDir && st.isDirectory() !== isDir) {
    throw invalidArgument(isDir ? `cannot overwrite non-directory ${at.split('/').pop()} with directory` : `cannot overwrite directory ${at.split('/').pop()} with non-directory`);
  }
  await fs.rm(at, { recursive: true, force: true });
  return false;
}

async function writeMember(root: InRoot, dirFd: number, name: string, h: Header, body: Readable, options: PutOptions, under: (parts: string[]) => string): Promise<void> {
  const at = fdPath(dirFd, name);
  const own = options.copyUIDGID ? { uid: h.uid ?? 0, gid: h.gid ?? 0 } : { uid: 0, gid: 0 };
  const { uid, gid } = options.idMap ? hostIds(options.idMap, own) : own;
  const mode = (h.mode ?? 0o644) & 0o7777;
  const mtime = h.mtime ?? new Date();
  switch (h.type) {
    case 'directory': {
      if (!(await removeExisting(at, true, options, true))) await fs.mkdir(at, mode);
      const dir = await fs.open(at, C.O_RDONLY | C.O_DIRECTORY | C.O_NOFOLLOW);
      try {
        await dir.chown(uid, gid);
        await dir.chmod(mode);
      } finally {
        await dir.close();
      }
      return;
    }
    case 'file':
    case 'contiguous-file':
    case undefined:
    case null: {
      await removeExisting(at, false, options, false);
      const file = await fs.open(at, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 0o600);
      try {
        for await (const chunk of body) await file.write(chunk as Buffer);
        await file.chown(uid, gid);
        await file.chmod(mode);
        await file.utimes(mtime, mtime);
      } finally {
        await file.close();
      }
      return;
    }
    case 'symlink':
      await removeExisting(at, false, options, false);
      await fs.symlink(h.linkname ?? '', at);
      await fs.lchown(at, uid, gid);
      await fs.lutimes(at, mtime, mtime);
      return;
    case 'link': {
      const target = root.resolveParent(under(memberParts(h.linkname ?? '')));
      try {
        await removeExisting(at, false, options, false);
        await fs.link(fdPath(target.dirFd, target.name), at);
      } finally {
        await closeFd(target.dirFd);
      }
      return;
    }
    case 'character-device':
    case 'block-device':
    case 'fifo': {
      await removeExisting(at, false, options, false);
      const type = h.type === 'fifo' ? S_IFIFO : h.type === 'block-device' ? S_IFBLK : S_IFCHR;
      mknod(at, type | mode, h.devmajor ?? 0, h.devminor ?? 0);
      await fs.lchown(at, uid, gid);
      return;
    }
    default:
      return; // pax headers and the like: nothing to write
  }
}

/** Container IDs as the host stores them under --userns-remap; an ID the range lacks is the client's error. */
function hostIds(map: IdMap, own: { uid: number; gid: number }): { uid: number; gid: number } {
  try {
    return toHost(map, own.uid, own.gid);
  } catch (err) {
    throw invalidArgument((err as Error).message);
  }
}
