// Paths resolved inside a directory that stands for a root (a container's rootfs), never outside it: the kernel
// resolves each one with openat2(RESOLVE_IN_ROOT), so `..`, absolute symlinks and symlinks swapped in while we
// work all stay inside (the CVE-2018-15664 class). What we then touch is named `/proc/self/fd/<dir fd>/<name>`:
// one component under a directory we hold open, which no rename or symlink elsewhere can redirect.
import { open, close, promises as fs } from 'node:fs';
import { promisify } from 'node:util';
import { openat2, O_CLOEXEC, O_DIRECTORY, O_NOFOLLOW, O_PATH, RESOLVE_IN_ROOT, RESOLVE_NO_MAGICLINKS } from '../syscalls.js';

const openAsync = promisify(open);
const closeAsync = promisify(close);

/** A root directory held open; `resolve*` give fds under it. Close it when done. */
export class InRoot {
  private constructor(readonly fd: number) {}

  static async open(dir: string): Promise<InRoot> {
    return new InRoot(await openAsync(dir, O_PATH | O_DIRECTORY | O_CLOEXEC));
  }

  /** An O_PATH fd of `path` (relative to this root; a leading `/` is fine), symlinks followed inside the root. */
  resolve(path: string, options: { followLast?: boolean; directory?: boolean } = {}): number {
    const rel = path.replace(/^\/+/, '') || '.';
    const flags = O_PATH | O_CLOEXEC | (options.followLast === false ? O_NOFOLLOW : 0) | (options.directory ? O_DIRECTORY : 0);
    return openat2(this.fd, rel, flags, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
  }

  /** The directory that holds `path`'s last component (resolved in the root) and that component's name. */
  resolveParent(path: string): { dirFd: number; name: string } {
    const { parent, name } = splitPath(path);
    return { dirFd: this.resolve(parent, { directory: true }), name };
  }

  /** The fd (O_PATH) of the directory `path`, creating missing directories one component at a time, each under its resolved parent. */
  async mkdirAll(path: string, mode = 0o755): Promise<number> {
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    let fd = this.resolve('/', { directory: true });
    try {
      for (let i = 0; i < parts.length; i++) {
        const prefix = parts.slice(0, i + 1).join('/');
        let next: number;
        try {
          next = this.resolve(prefix, { directory: true });
        } catch (err) {
          if ((err as { code?: string }).code !== 'ENOENT') throw err;
          await fs.mkdir(fdPath(fd, parts[i]!), mode).catch((e: { code?: string }) => {
            if (e.code !== 'EEXIST') throw e;
          });
          next = this.resolve(prefix, { directory: true });
        }
        await closeAsync(fd);
        fd = next;
      }
      return fd;
    } catch (err) {
      await closeAsync(fd);
      throw err;
    }
  }

  /**
   * `path` with every symlink along it evaluated the way a process inside the root would (absolute targets start
   * again at the root, `..` stops there); a missing component ends the evaluation and the rest is kept as written.
   * Only ever lstat/readlink one name under a directory resolved in the root.
   */
  async followPath(path: string): Promise<string> {
    let todo = path.split('/');
    const out: string[] = [];
    let hops = 0;
    while (todo.length > 0) {
      const part = todo.shift()!;
      if (part === '' || part === '.') continue;
      if (part === '..') {
        out.pop();
        continue;
      }
      const target = await this.#linkAt(`/${[...out, part].join('/')}`);
      if (target === undefined) {
        out.push(part);
        continue;
      }
      if (++hops > 255) throw Object.assign(new Error(`too many levels of symbolic links: ${path}`), { code: 'ELOOP' });
      if (target.startsWith('/')) out.length = 0;
      todo = [...target.split('/'), ...todo];
    }
    return `/${out.join('/')}`;
  }

  /** The target of `path` when it is a symlink; undefined when it is anything else or missing. */
  async #linkAt(path: string): Promise<string | undefined> {
    let dirFd: number;
    let name: string;
    try {
      ({ dirFd, name } = this.resolveParent(path));
    } catch {
      return undefined;
    }
    try {
      return await fs.readlink(fdPath(dirFd, name));
    } catch {
      return undefined;
    } finally {
      await closeAsync(dirFd);
    }
  }

  async close(): Promise<void> {
    await closeAsync(this.fd);
  }
}

/** `/proc/self/fd/<fd>` (optionally `/<name>`, a single component): the pinned directory, or one entry in it. */
export function fdPath(fd: number, name?: string): string {
  return name === undefined || name === '.' ? `/proc/self/fd/${fd}` : `/proc/self/fd/${fd}/${name}`;
}

export const closeFd = (fd: number): Promise<void> => closeAsync(fd);

/**
 * Splits a path into its parent and last component, after cleaning it lexically (`a/./b/` → `a/b`; a trailing `/.` gives name `.`); `..` stays
 * for the kernel to clamp at the root. `/` (and ``) give parent `/`, name `.`. Pure.
 */
export function splitPath(path: string): { parent: string; name: string } {
  const dotted = /(^|\/)\.$/.test(path); // "dir/." names the directory's contents (docker cp semantics)
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0) return { parent: '/', name: '.' };
  if (dotted) return { parent: `/${parts.join('/')}`, name: '.' };
  const name = parts.pop()!;
  if (name === '..') return { parent: `/${[...parts, '..'].join('/')}`, name: '.' };
  return { parent: `/${parts.join('/')}`, name };
}
