// The build context as the CLI sends it: the directory as a tar stream, minus what .dockerignore excludes
// (Dockerfile and .dockerignore always go), symlinks as symlinks (never followed).
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough, type Readable } from 'node:stream';
import { pack, type Header } from 'tar-stream';
import { parseDockerignore, isIgnored, mayReinclude, type IgnorePattern } from '../../../common/context/dockerignore.js';

export async function contextTar(dir: string, keep: string[], extra?: { name: string; content: string }): Promise<Readable> {
  const ignore = parseDockerignore(await readFile(join(dir, '.dockerignore'), 'utf8').catch(() => ''));
  const p = pack();
  const out = new PassThrough({ highWaterMark: 256 << 10 });
  p.pipe(out);
  const add = (h: Partial<Header> & { name: string }, content?: string | Buffer) =>
    new Promise<void>((resolve, reject) => {
      if (content !== undefined) p.entry(h as Header, content, (err) => (err ? reject(err) : resolve()));
      else p.entry(h as Header, (err) => (err ? reject(err) : resolve()));
    });
  const walk = async (rel: string, ig: IgnorePattern[]): Promise<void> => {
    for (const name of (await readdir(join(dir, rel))).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const abs = join(dir, r);
      const st = await lstat(abs);
      const excluded = !keep.includes(r) && isIgnored(r, ig);
      if (excluded && !(st.isDirectory() && mayReinclude(r, ig))) continue;
      const base = { name: r, mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0 };
      if (st.isDirectory()) {
        if (!excluded) await add({ ...base, name: `${r}/`, type: 'directory' });
        await walk(r, ig);
      } else if (st.isSymbolicLink()) await add({ ...base, type: 'symlink', linkname: await readlink(abs) });
      else if (st.isFile()) {
        const e = p.entry({ ...base, type: 'file', size: st.size } as Header);
        await pipeline(createReadStream(abs), e);
      }
    }
  };
  void (async () => {
    try {
      await walk('', ignore);
      if (extra) await add({ name: extra.name, mode: 0o644, type: 'file' }, extra.content);
      p.finalize();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}
