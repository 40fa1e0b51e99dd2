// COPY and ADD: resolve the sources (globs, inside the context or another stage's filesystem, symlinks resolved
// without ever leaving that root), hash them for the cache, and stage them under their destination paths in a
// directory that then becomes the layer. Docker's rules: a directory source copies its contents; a destination
// ending in `/` (or an existing directory) takes files by their base name; several sources need a `/` destination;
// ADD unpacks local tar archives.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, copyFile, lchown, lstat, lutimes, mkdir, readdir, readlink, symlink, open } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { invalidArgument } from '../errors.js';
import { applyLayer } from '../layers/apply-layer.js';
import { patternToRegExp } from '../common/context/dockerignore.js';

export interface CopySource {
  /** Path inside the source root. */
  rel: string;
  /** Absolute path on disk (symlinks of the source itself resolved inside the root). */
  abs: string;
  isDir: boolean;
  /** Downloaded by ADD: never unpacked, mode 0600 (as Docker). */
  fromUrl?: boolean;
}

const GLOB = /[*?[]/;

/** Resolves `rel` inside `root`, following symlinks as if `root` were `/`. Returns the host path or undefined. */
export async function scopedResolve(root: string, rel: string): Promise<string | undefined> {
  let parts = rel.split('/').filter((p) => p !== '' && p !== '.');
  const done: string[] = [];
  let hops = 0;
  while (parts.length) {
    const part = parts.shift()!;
    if (part === '..') {
      done.pop();
      continue;
    }
    const p = join(root, ...done, part);
    const st = await lstat(p).catch(() => undefined);
    if (!st) return undefined;
    if (st.isSymbolicLink()) {
      if (++hops > 40) return undefined;
      const target = await readlink(p);
      if (target.startsWith('/')) done.length = 0;
      parts = [...target.split('/').filter((x) => x !== '' && x !== '.'), ...parts];
      continue;
    }
    done.push(part);
  }
  return join(root, ...done);
}

/** Docker's "forbidden path" check: a source may not climb out of the context. */
function cleanSource(src: string): string {
  const n = posix.normalize(`/${src}`);
  if (posix.normalize(src).startsWith('../') || posix.normalize(src) === '..') throw invalidArgument(`forbidden path outside the build context: ${src} ()`);
  return n.slice(1);
}

export async function resolveSources(root: string, sources: readonly string[], cmd: string, fromContext: boolean): Promise<CopySource[]> {
  const out: CopySource[] = [];
  for (const raw of sources) {
    const src = fromContext ? cleanSource(raw) : posix.normalize(`/${raw}`).slice(1);
    if (GLOB.test(src)) {
      const matches = await globMatch(root, src);
      if (matches.length === 0 && fromContext) throw invalidArgument(`${cmd} failed: no source files were specified`);
      for (const m of matches) out.push(await sourceAt(root, m, raw, cmd, fromContext));
      continue;
    }
    out.push(await sourceAt(root, src, raw, cmd, fromContext));
  }
  return out;
}

async function sourceAt(root: string, rel: string, raw: string, cmd: string, fromContext: boolean): Promise<CopySource> {
  const abs = await scopedResolve(root, rel);
  const st = abs ? await lstat(abs).catch(() => undefined) : undefined;
  if (!abs || !st) {
    if (fromContext) throw invalidArgument(`${cmd} failed: file not found in build context or excluded by .dockerignore: stat ${raw}: file does not exist`);
    throw invalidArgument(`${cmd} failed: stat ${posix.join('/', rel)}: file does not exist`);
  }
  return { rel, abs, isDir: st.isDirectory() };
}

async function globMatch(root: string, pattern: string): Promise<string[]> {
  const parts = pattern.split('/');
  let current = [''];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const next: string[] = [];
    for (const base of current) {
      if (!GLOB.test(part)) {
        next.push(base ? `${base}/${part}` : part);
        continue;
      }
      const re = patternToRegExp(part);
      const dir = await scopedResolve(root, base);
      if (!dir) continue;
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const n of names.sort()) if (re.test(n)) next.push(base ? `${base}/${n}` : n);
    }
    current = next;
  }
  const existing: string[] = [];
  for (const c of current) if (await scopedResolve(root, c)) existing.push(c);
  return existing;
}

/** A content hash of the sources: names, types, modes, link targets and file bytes; not times nor owners. */
export async function hashSources(sources: readonly CopySource[], known?: { root: string; hashes: ReadonlyMap<string, string> }): Promise<string> {
  const h = createHash('sha256');
  const file = async (abs: string) => {
    for await (const chunk of createReadStream(abs)) h.update(chunk as Buffer);
  };
  const walk = async (abs: string, rel: string): Promise<void> => {
    const st = await lstat(abs);
    h.update(`\0${rel}\0${st.mode.toString(8)}\0`);
    if (st.isSymbolicLink()) h.update(await readlink(abs));
    else if (st.isFile()) {
      h.update(`${st.size}\0`);
      const pre = known && abs.startsWith(`${known.root}/`) ? known.hashes.get(abs.slice(known.root.length + 1)) : undefined;
      if (pre) h.update(pre);
      else await file(abs);
    } else if (st.isDirectory()) for (const n of (await readdir(abs)).sort()) await walk(join(abs, n), `${rel}/${n}`);
  };
  for (const s of sources) {
    h.update(`\n${s.rel}`);
    await walk(s.abs, '');
  }
  return h.digest('hex');
}

export interface StageCopy {
  sources: CopySource[];
  /** Absolute destination in the image, as written (trailing slash kept). */
  dest: string;
  /** Does the destination exist as a directory in the image? */
  destIsDir: boolean;
  uid: number;
  gid: number;
  mode: number | undefined;
  /** ADD: unpack local tar archives. */
  extractArchives: boolean;
}

/** Stages the copy under `staging` (which mirrors the image's root). */
export async function stageCopy(staging: string, o: StageCopy): Promise<void> {
  const dirDest = o.dest.endsWith('/') || o.destIsDir;
  const multiple = o.sources.length > 1 || o.sources.some((s) => s.isDir);
  if (o.sources.length > 1 && !o.dest.endsWith('/')) {
    throw invalidArgument('When using COPY with more than one source file, the destination must be a directory and end with a /');
  }
  void multiple;
  const destRel = posix.normalize(o.dest).replace(/^\/+/, '').replace(/\/+$/, '');
  for (const s of o.sources) {
    if (s.isDir) {
      const target = join(staging, destRel);
      await mkdirOwned(staging, destRel, o);
      await copyTree(s.abs, target, o);
      continue;
    }
    if (o.extractArchives && !s.fromUrl && (await isArchive(s.abs))) {
      const target = join(staging, destRel);
      await mkdirOwned(staging, destRel, o);
      await applyLayer(target, createReadStream(s.abs));
      continue;
    }
    const rel = dirDest ? posix.join(destRel, posix.basename(s.rel)) : destRel;
    await mkdirOwned(staging, posix.dirname(rel) === '.' ? '' : posix.dirname(rel), o);
    await copyOne(s.abs, join(staging, rel), s.fromUrl && o.mode === undefined ? { ...o, mode: 0o600 } : o);
  }
}

/** ADD <url>: the file into `dir`, named after the URL's last path segment; its mtime from Last-Modified. */
export async function download(url: string, dir: string, signal?: AbortSignal): Promise<CopySource> {
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  if (!name) throw invalidArgument(`cannot determine filename from url: ${url}`);
  const res = await fetch(url, { signal, redirect: 'follow' }).catch((err: Error) => {
    throw invalidArgument(`failed to GET ${url}: ${err.message}`);
  });
  if (!res.ok || !res.body) throw invalidArgument(`failed to GET ${url} with status ${res.status} ${res.statusText}: ${(await res.text().catch(() => '')).slice(0, 200)}`);
  await mkdir(dir, { recursive: true });
  const abs = join(dir, name);
  const { Readable } = await import('node:stream');
  const { pipeline } = await import('node:stream/promises');
  const { createWriteStream } = await import('node:fs');
  await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), createWriteStream(abs, { mode: 0o600 }));
  const lm = res.headers.get('last-modified');
  if (lm && !Number.isNaN(Date.parse(lm))) await lutimes(abs, new Date(lm), new Date(lm)).catch(() => {});
  return { rel: name, abs, isDir: false, fromUrl: true };
}

async function mkdirOwned(staging: string, rel: string, o: StageCopy): Promise<void> {
  let cur = staging;
  for (const part of rel.split('/').filter(Boolean)) {
    cur = join(cur, part);
    const st = await lstat(cur).catch(() => undefined);
    if (!st) {
      await mkdir(cur, { mode: 0o755 });
      await lchown(cur, o.uid, o.gid);
    }
  }
}

async function copyTree(from: string, to: string, o: StageCopy): Promise<void> {
  for (const n of await readdir(from)) await copyOne(join(from, n), join(to, n), o);
}

async function copyOne(from: string, to: string, o: StageCopy): Promise<void> {
  const st = await lstat(from);
  if (st.isDirectory()) {
    await mkdir(to, { recursive: true });
    await copyTree(from, to, o);
    await chmod(to, o.mode ?? st.mode & 0o7777);
  } else if (st.isSymbolicLink()) {
    await symlink(await readlink(from), to);
  } else if (st.isFile()) {
    await copyFile(from, to);
    await chmod(to, o.mode ?? st.mode & 0o7777);
  } else return; // devices, sockets, fifos are not copied
  await lchown(to, o.uid, o.gid);
  await lutimes(to, st.mtime, st.mtime).catch(() => {});
}

async function isArchive(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await fh.read(buf, 0, 512, 0);
    const b = buf.subarray(0, bytesRead);
    if (b[0] === 0x1f && b[1] === 0x8b) return true;
    if (b.length >= 4 && b.readUInt32LE(0) === 0xfd2fb528) return true;
    return b.length >= 262 && b.subarray(257, 262).toString() === 'ustar';
  } finally {
    await fh.close();
  }
}

/** Existing directories in the image keep their own mode, owner and time in the layer (COPY x /tmp/ keeps 1777). */
export async function matchExistingDirs(staging: string, lookup: (rel: string) => Promise<import('node:fs').Stats | undefined>): Promise<void> {
  const walk = async (rel: string): Promise<void> => {
    for (const e of await readdir(join(staging, rel), { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      const st = await lookup(r);
      if (st?.isDirectory()) {
        const p = join(staging, r);
        await chmod(p, st.mode & 0o7777);
        await lchown(p, st.uid, st.gid);
        await walk(r);
        await lutimes(p, st.mtime, st.mtime).catch(() => {});
      } else await walk(r);
    }
  };
  await walk('');
}
