// The client side of cp on the local filesystem: a tar of a local path (its top entry named as the destination
// wants), and a tar from the daemon unpacked under a local directory (its top entry renamed). Members that climb
// out of the destination are refused.
import { promises as fs, createReadStream } from 'node:fs';
import { join, basename, dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { pack, extract, type Header } from 'tar-stream';

type Pack = ReturnType<typeof pack>;

/** Replaces an archive name's first component with `top` (none when `top` is undefined). Pure. */
export function rebaseName(name: string, top: string | undefined): string {
  if (top === undefined) return name;
  const i = name.indexOf('/');
  return i < 0 ? top : `${top}${name.slice(i)}`;
}

/** A tar of the local `path`, its top entry named `as` (`path` ending in `/.`: the directory's contents). */
export function packLocal(path: string, as: string): Readable {
  const tar = pack();
  add(tar, path, as).then(() => tar.finalize(), (err: Error) => tar.destroy(err));
  return tar as unknown as Readable;
}

function put(tar: Pack, h: Partial<Header> & { name: string }, body?: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const sink = tar.entry(h, (err) => (err ? reject(err) : resolve()));
    sink.on('error', reject); // an 'error' without a listener would throw out of the event loop
    if (body) body.on('error', reject).pipe(sink);
  });
}

async function add(tar: Pack, path: string, as: string): Promise<void> {
  const st = await fs.lstat(path);
  const base = { name: as, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: st.mtime, size: 0 };
  if (st.isSymbolicLink()) return put(tar, { ...base, type: 'symlink', linkname: await fs.readlink(path) });
  if (st.isDirectory()) {
    await put(tar, { ...base, name: `${as}/`, type: 'directory' });
    for (const child of (await fs.readdir(path)).sort()) await add(tar, join(path, child), `${as}/${child}`);
    return;
  }
  if (st.isFile()) return put(tar, { ...base, type: 'file', size: st.size }, st.size > 0 ? createReadStream(path, { start: 0, end: st.size - 1 }) : undefined);
}

/** Unpacks `tar` under `dir`, the first component of every name replaced by `top` when given. */
export async function unpackLocal(tar: Readable, dir: string, top: string | undefined): Promise<void> {
  const ex = extract();
  const dirTimes: Array<[string, Date]> = [];
  const done = (async () => {
    for await (const e of ex) {
      try {
        const h = e.header;
        const parts = rebaseName(h.name, top).split('/').filter((p) => p !== '' && p !== '.');
        if (parts.includes('..')) throw new Error(`invalid archive member ${JSON.stringify(h.name)}`);
        if (parts.length === 0) continue;
        const at = join(dir, ...parts);
        await fs.mkdir(dirname(at), { recursive: true });
        const mode = (h.mode ?? 0o644) & 0o7777;
        const mtime = h.mtime ?? new Date();
        if (h.type === 'directory') {
          await fs.mkdir(at, { mode }).catch((err: { code?: string }) => {
            if (err.code !== 'EEXIST') throw err;
          });
          dirTimes.push([at, mtime]);
        } else if (h.type === 'symlink') {
          await fs.rm(at, { force: true });
          await fs.symlink(h.linkname ?? '', at);
        } else if (h.type === 'file' || h.type === 'contiguous-file') {
          await fs.rm(at, { force: true });
          const f = await fs.open(at, 'wx', mode);
          try {
            for await (const chunk of e as unknown as AsyncIterable<Buffer>) await f.write(chunk);
            await f.chmod(mode);
            await f.utimes(mtime, mtime);
          } finally {
            await f.close();
          }
        }
      } finally {
        e.resume();
      }
    }
  })();
  await Promise.all([pipeline(tar, ex as unknown as NodeJS.WritableStream), done]);
  for (const [at, mtime] of dirTimes.reverse()) await fs.utimes(at, mtime, mtime).catch(() => {});
}

export const baseOf = (p: string): string => basename(p.replace(/\/+$/, '')) || '/';
