// Applies an image layer (a tar stream, OCI whiteouts included) into a snapshot directory, refusing anything that
// would write outside it: `..`, names through a symlink made earlier, hardlinks to outside. Whiteouts become what
// overlayfs understands: `.wh.x` -> a 0/0 character device `x`, `.wh..wh..opq` -> trusted.overlay.opaque=y.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { toHost, type IdMap } from '../common/id-map.js';
import { lstat, mkdir, rm, symlink, link, lchown, chmod, lutimes, unlink } from 'node:fs/promises';
import { posix, join } from 'node:path';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract, type Header } from 'tar-stream';

/** tar-stream's header; `pax` carries the PAX records (xattrs). */
type Headers = Partial<Omit<Header, 'pax'>> & { name: string; pax?: Record<string, string> | null };
import { layerPathEscape, invalidTar } from '../errors.js';
import { mknod, lsetxattr, S_IFCHR, S_IFBLK, S_IFIFO } from '../common/syscalls.js';
import { decompress, type Compression } from './decompress.js';
import { withBinaryPax, xattrValue, XATTR_PREFIX } from './pax-records.js';

export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_WHITEOUT = '.wh..wh..opq';
/** aufs bookkeeping (`.wh..wh.plnk`, `.wh..wh.aufs`): skipped, as docker does. */
export const WHITEOUT_META_PREFIX = '.wh..wh.';

export interface ApplyResult {
  /** sha256 of the uncompressed tar: the layer's diff ID. */
  diffId: string;
  /** sha256 of the stream as given (compressed or not). */
  digest: string;
  /** Uncompressed size. */
  size: number;
  compression: Compression;
}

/**
 * Normalises a tar entry name to a path relative to the root ('' for the root itself), or throws when it escapes.
 * Leading `/` and `./` are dropped (as docker does); any `..` component is refused outright.
 */
export function safeEntryPath(name: string): string {
  const trimmed = name.replace(/^\/+/, '').replace(/\/+$/, '');
  const parts = trimmed.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) throw layerPathEscape(name);
  return parts.join('/');
}

export interface ApplyOptions {
  signal?: AbortSignal;
  /** Receives the uncompressed tar bytes as they are applied (to keep the layer blob). Not ended here. */
  tee?: Writable;
  /** Told the size of each chunk of `input` as it is read (progress). */
  onRead?: (bytes: number) => void;
  /** Skip the stream digests (a build context needs no diff ID); the result then has empty digests. */
  noDigests?: boolean;
  /** Regular files' sha256 (hex) by path, computed while they are written. */
  fileHashes?: Map<string, string>;
  /** `--userns-remap`: owners are stored as host IDs of the remapped range (the root dir included). */
  idMap?: IdMap;
}

export async function applyLayer(root: string, input: Readable, options: ApplyOptions = {}): Promise<ApplyResult> {
  const { signal, tee, onRead, noDigests, fileHashes, idMap } = options;
  if (idMap) await lchown(root, idMap.uid, idMap.gid);
  const compressedHash = createHash('sha256');
  const rawHash = createHash('sha256');
  let size = 0;
  input.on('data', (c: Buffer) => {
    if (!noDigests) compressedHash.update(c);
    onRead?.(c.length);
  });
  const { stream, compression } = await decompress(input);
  const counter = new Transform({
    transform(chunk: Buffer, _e, cb) {
      if (!noDigests) rawHash.update(chunk);
      size += chunk.length;
      if (tee && !tee.write(chunk)) tee.once('drain', () => cb(null, chunk));
      else cb(null, chunk);
    },
  });
  // A failing tee (disk full while keeping the blob) fails the apply; unheard, its 'error' would crash the daemon.
  tee?.once('error', (err) => counter.destroy(err));
  const ex = withBinaryPax(extract());
  const dirTimes: Array<[string, Date]> = [];
  ex.on('entry', (header, entry, next) => {
    entry.on('error', () => {}); // the extract stream reports the same failure to the pipeline
    applyEntry(root, header as Headers, entry as unknown as Readable, fileHashes, idMap).then(
      (dirTime) => {
        if (dirTime) dirTimes.push(dirTime);
        next();
      },
      (err: unknown) => {
        entry.resume();
        next(err as Error);
      },
    );
  });
  try {
    await pipeline(stream, counter, ex, { signal });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_LAYER_PATH_ESCAPE' || (err as { kind?: string }).kind) throw err;
    // Failures of the host (ENOSPC, EIO, EPERM …) are not the tar's fault: keep them as they are.
    if (typeof (err as NodeJS.ErrnoException).syscall === 'string') throw err;
    throw invalidTar((err as Error).message, { cause: err });
  }
  // Directory mtimes last: writing children changed them. lutimes: a later entry may have replaced the directory
  // with a symlink, whose target must not be touched.
  for (const [p, t] of dirTimes.reverse()) await lutimes(p, t, t).catch(() => {});
  return { diffId: `sha256:${rawHash.digest('hex')}`, digest: `sha256:${compressedHash.digest('hex')}`, size, compression };
}

/** Creates missing parents and refuses a parent that is a symlink (or not a directory). */
async function ensureParents(root: string, rel: string, original: string, idMap?: IdMap): Promise<void> {
  const parts = rel.split('/').slice(0, -1);
  let cur = root;
  for (const part of parts) {
    cur = join(cur, part);
    const st = await lstat(cur).catch(() => undefined);
    if (!st) {
      await mkdir(cur, { mode: 0o755 });
      if (idMap) await lchown(cur, idMap.uid, idMap.gid); // the container's root owns what no entry describes
    }
    else if (st.isSymbolicLink()) throw layerPathEscape(original);
    else if (!st.isDirectory()) throw invalidTar(`${original}: a parent is not a directory`);
  }
}

async function removeExisting(path: string, keepDir: boolean): Promise<void> {
  const st = await lstat(path).catch(() => undefined);
  if (!st) return;
  if (st.isDirectory()) {
    if (!keepDir) await rm(path, { recursive: true, force: true });
  } else await unlink(path);
}

async function applyEntry(root: string, h: Headers, entry: Readable, fileHashes?: Map<string, string>, idMap?: IdMap): Promise<[string, Date] | undefined> {
  const owner = (e: Headers) => (idMap ? toHost(idMap, e.uid ?? 0, e.gid ?? 0) : { uid: e.uid ?? 0, gid: e.gid ?? 0 });
  const rel = safeEntryPath(h.name);
  const base = posix.basename(rel);
  if (rel === '') {
    entry.resume();
    if (h.type === 'directory') {
      await chmod(root, (h.mode ?? 0o755) & 0o7777);
      await lchown(root, owner(h).uid, owner(h).gid);
    }
    return undefined;
  }
  await ensureParents(root, rel, h.name, idMap);
  const dir = posix.dirname(rel);
  const parent = dir === '.' ? root : join(root, dir);

  if (base === OPAQUE_WHITEOUT) {
    entry.resume();
    lsetxattr(parent, 'trusted.overlay.opaque', 'y');
    return undefined;
  }
  if (base.startsWith(WHITEOUT_META_PREFIX)) {
    entry.resume();
    return undefined;
  }
  if (base.startsWith(WHITEOUT_PREFIX)) {
    entry.resume();
    const name = base.slice(WHITEOUT_PREFIX.length);
    // `.wh..` and `.wh...` would name the parent or the parent's parent (the root's parent at the top).
    if (name === '' || name === '.' || name === '..') throw layerPathEscape(h.name);
    const victim = join(parent, name);
    await removeExisting(victim, false);
    mknod(victim, S_IFCHR, 0, 0);
    return undefined;
  }

  const path = join(root, rel);
  const mode = (h.mode ?? 0o644) & 0o7777;
  switch (h.type) {
    case 'directory': {
      entry.resume();
      await removeExisting(path, true);
      await mkdir(path, { mode }).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
      await lchown(path, owner(h).uid, owner(h).gid);
      await chmod(path, mode);
      await applyXattrs(path, h);
      return h.mtime ? [path, h.mtime] : undefined;
    }
    case 'file':
    case 'contiguous-file': {
      await removeExisting(path, false);
      if (fileHashes) {
        const h256 = createHash('sha256');
        entry.on('data', (c: Buffer) => h256.update(c));
        await pipeline(entry, createWriteStream(path, { flags: 'wx', mode }));
        fileHashes.set(rel, h256.digest('hex'));
      } else await pipeline(entry, createWriteStream(path, { flags: 'wx', mode }));
      await lchown(path, owner(h).uid, owner(h).gid);
      await chmod(path, mode);
      break;
    }
    case 'symlink': {
      entry.resume();
      await removeExisting(path, false);
      await symlink(h.linkname ?? '', path);
      await lchown(path, owner(h).uid, owner(h).gid);
      break;
    }
    case 'link': {
      entry.resume();
      const target = safeEntryPath(h.linkname ?? '');
      if (target === '') throw layerPathEscape(h.linkname ?? '');
      await ensureParents(root, target, h.linkname ?? '', idMap);
      const targetPath = join(root, target);
      const st = await lstat(targetPath).catch(() => undefined);
      if (!st) throw invalidTar(`hardlink ${h.name} points to ${h.linkname}, which is not in the layer`);
      if (st.isDirectory()) throw invalidTar(`hardlink ${h.name} points to a directory`);
      await removeExisting(path, false);
      await link(targetPath, path);
      return undefined;
    }
    case 'character-device':
    case 'block-device':
    case 'fifo': {
      entry.resume();
      await removeExisting(path, false);
      const kind = h.type === 'fifo' ? S_IFIFO : h.type === 'block-device' ? S_IFBLK : S_IFCHR;
      mknod(path, kind | mode, h.devmajor ?? 0, h.devminor ?? 0);
      await lchown(path, owner(h).uid, owner(h).gid);
      break;
    }
    default:
      // pax headers and the like are consumed by tar-stream; anything else is skipped, as docker does.
      entry.resume();
      return undefined;
  }
  await applyXattrs(path, h);
  if (h.mtime) await lutimes(path, h.mtime, h.mtime).catch(() => {});
  return undefined;
}

async function applyXattrs(path: string, h: Headers): Promise<void> {
  const pax = h.pax;
  if (!pax) return;
  for (const [k, v] of Object.entries(pax)) {
    if (!k.startsWith(XATTR_PREFIX)) continue;
    const name = k.slice(XATTR_PREFIX.length);
    if (name.startsWith('trusted.overlay.')) continue; // never let a layer forge overlay metadata
    try {
      lsetxattr(path, name, xattrValue(String(v)));
    } catch (err) {
      if ((err as { code?: string }).code !== 'EOPNOTSUPP') throw err;
    }
  }
}
