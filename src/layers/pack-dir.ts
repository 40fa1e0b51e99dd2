// A directory as a layer tar, streamed: used for a container's overlay upper dir (commit, RUN) and for staged
// COPY/ADD content. Overlay whiteouts become OCI whiteouts: a 0/0 character device `x` -> `.wh.x`, a directory with
// trusted.overlay.opaque=y -> its entry plus `.wh..wh..opq`. Overlay bookkeeping xattrs are left out. Entries are
// sorted so the same tree gives the same tar (and diff ID), mtimes included.
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough, type Readable } from 'node:stream';
import { pack, type Header } from 'tar-stream';

type PackHeaders = Partial<Header> & { name: string };
import { lgetxattr } from '../common/syscalls.js';
import { OPAQUE_WHITEOUT, WHITEOUT_PREFIX } from './apply-layer.js';
import { toContainer, type IdMap } from '../common/id-map.js';

export interface PackOptions {
  /** Convert overlay whiteouts (upper dirs). */
  overlay: boolean;
  /** Entries to leave out (with everything below them). */
  exclude?: (rel: string, st: import('node:fs').Stats) => boolean;
  /** Leave the root directory's own entry out. */
  skipRoot?: boolean;
  /** `--userns-remap`: the tree holds host IDs of the range; the tar gets the container's IDs. */
  idMap?: IdMap;
}

export function packDir(dir: string, options: PackOptions): Readable {
  const p = pack();
  void (async () => {
    try {
      if (!options.skipRoot) await addEntry(p, dir, '', options);
      await walk(p, dir, '', options);
      p.finalize();
    } catch (err) {
      p.destroy(err as Error);
    }
  })();
  // tar-stream's pack is a streamx stream: hand out a Node stream, which every consumer here understands.
  const out = new PassThrough({ highWaterMark: 256 << 10 });
  p.on('error', (err: Error) => out.destroy(err));
  p.pipe(out);
  return out;
}

async function walk(p: ReturnType<typeof pack>, root: string, rel: string, o: PackOptions): Promise<void> {
  const names = (await readdir(join(root, rel))).sort();
  for (const name of names) {
    const r = rel ? `${rel}/${name}` : name;
    const isDir = await addEntry(p, root, r, o);
    if (isDir) await walk(p, root, r, o);
  }
}

/** Adds one entry; true when it is a directory to descend into. */
async function addEntry(p: ReturnType<typeof pack>, root: string, rel: string, o: PackOptions): Promise<boolean> {
  const abs = join(root, rel);
  const st = await lstat(abs);
  if (rel !== '' && o.exclude?.(rel, st)) return false;
  const ids = o.idMap ? toContainer(o.idMap, st.uid, st.gid) : { uid: st.uid, gid: st.gid };
  const base: PackHeaders = { name: rel === '' ? './' : rel, mode: st.mode & 0o7777, uid: ids.uid, gid: ids.gid, mtime: st.mtime };
  if (st.isCharacterDevice() && o.overlay && st.rdev === 0) {
    const i = rel.lastIndexOf('/');
    const wh = i < 0 ? `${WHITEOUT_PREFIX}${rel}` : `${rel.slice(0, i + 1)}${WHITEOUT_PREFIX}${rel.slice(i + 1)}`;
    await entry(p, { name: wh, mode: 0o644, uid: 0, gid: 0, mtime: st.mtime, type: 'file', size: 0 });
    return false;
  }
  if (st.isDirectory()) {
    await entry(p, { ...base, name: rel === '' ? './' : `${rel}/`, type: 'directory' });
    if (o.overlay && rel !== '' && lgetxattr(abs, 'trusted.overlay.opaque')?.toString() === 'y') {
      await entry(p, { name: `${rel}/${OPAQUE_WHITEOUT}`, mode: 0o644, uid: 0, gid: 0, mtime: st.mtime, type: 'file', size: 0 });
    }
    return true;
  }
  if (st.isSymbolicLink()) {
    await entry(p, { ...base, type: 'symlink', linkname: await readlink(abs) });
    return false;
  }
  if (st.isFile()) {
    const e = p.entry({ ...base, type: 'file', size: st.size } as Header);
    await pipeline(createReadStream(abs), e);
    return false;
  }
  if (st.isFIFO()) await entry(p, { ...base, type: 'fifo' });
  else if (st.isCharacterDevice() || st.isBlockDevice()) {
    await entry(p, { ...base, type: st.isCharacterDevice() ? 'character-device' : 'block-device', devmajor: Math.floor(st.rdev / 256), devminor: st.rdev % 256 });
  }
  return false;
}

/** An entry without data (directories, links, whiteouts: a file entry needs its empty content given). */
function entry(p: ReturnType<typeof pack>, h: PackHeaders): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error | null) => (err ? reject(err) : resolve());
    if (h.type === 'file') p.entry(h as Header, Buffer.alloc(0), done);
    else p.entry(h as Header, done);
  });
}
