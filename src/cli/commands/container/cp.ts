// berth cp: files between a container and the local filesystem, through the archive API (HEAD to stat the
// container side, GET for a tar of it, PUT to extract a tar into it). docker's rules: a destination directory
// receives the source under its own name; a missing destination gets the source renamed to it; `dir/.` copies a
// directory's contents; `-` is a tar on stdin or stdout.
import { promises as fs } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage } from 'node:http';
import type { CommandContext, CommandModule } from '../../command.js';
import { ExitCodeError } from '../../exit-code-error.js';
import { ApiError } from '../../client/api-error.js';
import { enc } from '../for-each-ref.js';
import { packLocal, unpackLocal, baseOf } from './cp-local.js';

interface ContainerPath { container: string; path: string }
interface PathStat { name: string; size: number; mode: number; mtime: string; linkTarget: string }

const GO_DIR = 2 ** 31;
const isDirMode = (mode: number) => mode >= GO_DIR;

/** `NAME:PATH` names a container path unless it looks like a local path (docker's splitCpArg). Pure. */
export function splitCpArg(arg: string): ContainerPath | undefined {
  if (arg.startsWith('/') || arg.startsWith('.')) return undefined;
  const i = arg.indexOf(':');
  if (i <= 0) return undefined;
  return { container: arg.slice(0, i), path: arg.slice(i + 1) };
}

function decodeStat(res: IncomingMessage): PathStat | undefined {
  const h = res.headers['x-docker-container-path-stat'];
  if (typeof h !== 'string') return undefined;
  return JSON.parse(Buffer.from(h, 'base64').toString()) as PathStat;
}

async function statIn(ctx: CommandContext, c: ContainerPath): Promise<PathStat | undefined> {
  try {
    const res = await ctx.client().request('HEAD', `/containers/${enc(c.container)}/archive`, { query: { path: c.path } });
    res.resume();
    return decodeStat(res);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && !/No such container/.test(err.message)) return undefined;
    if (err instanceof ApiError && err.status === 404) throw new ExitCodeError(1, `Error response from daemon: No such container: ${c.container}`);
    throw err;
  }
}

export const command: CommandModule = {
  spec: {
    path: 'container cp',
    usage: '[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tberth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH',
    description: 'Copy files/folders between a container and the local filesystem',
    aliases: ['container cp', 'cp'],
    flags: [
      { name: 'archive', short: 'a', type: '', usage: 'Archive mode (copy all uid/gid information)' },
      { name: 'follow-link', short: 'L', type: '', usage: 'Always follow symbol link in SRC_PATH' },
      { name: 'quiet', short: 'q', type: '', usage: 'Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached' },
    ],
    args: { min: 2, max: 2 },
  },
  async run(ctx) {
    const [srcArg, dstArg] = ctx.args as [string, string];
    const src = splitCpArg(srcArg);
    const dst = splitCpArg(dstArg);
    if (src && dst) throw new ExitCodeError(1, 'copying between containers is not supported');
    if (!src && !dst) throw new ExitCodeError(1, 'must specify at least one container source');
    if (src) return copyFrom(ctx, src, dstArg);
    return copyTo(ctx, srcArg, dst!);
  },
};

async function copyFrom(ctx: CommandContext, src: ContainerPath, dest: string): Promise<void> {
  let path = src.path;
  if (ctx.flags.bool('follow-link')) {
    const st = await statIn(ctx, src);
    if (st?.linkTarget) path = st.linkTarget;
  }
  let res: IncomingMessage;
  try {
    res = await ctx.client().request('GET', `/containers/${enc(src.container)}/archive`, { query: { path } });
  } catch (err) {
    if (err instanceof ApiError) throw new ExitCodeError(1, `Error response from daemon: ${err.message}`);
    throw err;
  }
  if (dest === '-') return pipeline(res, ctx.stdout);
  const stat = decodeStat(res)!;
  const target = resolvePath(dest);
  const local = await fs.stat(target).catch(() => undefined);
  const contents = /(^|\/)\.$/.test(src.path);
  if (local?.isDirectory()) return unpackLocal(res, target, contents ? '.' : undefined);
  if (local && isDirMode(stat.mode)) throw new ExitCodeError(1, `cannot copy directory to file`);
  if (!local && dest.endsWith('/')) throw new ExitCodeError(1, `destination directory "${dest}" does not exist`);
  const parent = dirname(target);
  if (!(await fs.stat(parent).catch(() => undefined))?.isDirectory()) throw new ExitCodeError(1, `destination "${dirname(dest)}" must be a directory`);
  return unpackLocal(res, parent, baseOf(target));
}

async function copyTo(ctx: CommandContext, source: string, dst: ContainerPath): Promise<void> {
  const st = await statIn(ctx, dst);
  const query = (path: string) => ({ path, noOverwriteDirNonDir: true, copyUIDGID: ctx.flags.bool('archive') });
  const put = async (path: string, input: NodeJS.ReadableStream) => {
    try {
      const res = await ctx.client().request('PUT', `/containers/${enc(dst.container)}/archive`, { query: query(path), input: input as never });
      res.resume();
    } catch (err) {
      if (err instanceof ApiError) throw new ExitCodeError(1, `Error response from daemon: ${err.message}`);
      throw err;
    }
  };
  if (source === '-') {
    if (!st || !isDirMode(st.mode)) throw new ExitCodeError(1, `destination "${dst.container}:${dst.path}" must be a directory`);
    return put(dst.path, ctx.stdin);
  }
  const local = await fs.lstat(source).catch(() => undefined);
  if (!local) throw new ExitCodeError(1, `lstat ${resolvePath(source)}: no such file or directory`);
  const contents = /(^|\/)\.$/.test(source);
  if (st && isDirMode(st.mode)) return put(dst.path, packLocal(source, contents ? '.' : baseOf(source)));
  if (st && local.isDirectory()) throw new ExitCodeError(1, 'cannot copy directory to file');
  if (!st && dst.path.endsWith('/')) throw new ExitCodeError(1, `destination directory "${dst.container}:${dst.path}" does not exist`);
  // A file replaced, or a new name: extract into the parent under the destination's name.
  const parent = dst.path.replace(/\/+$/, '').replace(/\/[^/]*$/, '') || '/';
  return put(parent, packLocal(source, baseOf(dst.path)));
}
