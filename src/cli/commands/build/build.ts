// berth build: the classic builder's flags; the context is a directory (sent as a tar, .dockerignore applied
// here as docker's CLI does) or `-` (a tar or a bare Dockerfile on stdin).
import { ramInBytes } from '../../flags/ram-in-bytes.js';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { CommandModule } from '../../command.js';
import { JsonMessageError, type JsonMessage, formatMessage } from '../../client/json-messages.js';
import { ExitCodeError } from '../../exit-code-error.js';
import { contextTar } from './context-tar.js';

export const command: CommandModule = {
  spec: {
    path: 'build',
    usage: '[OPTIONS] PATH | URL | -',
    description: 'Build an image from a Dockerfile',
    aliases: ['image build', 'build', 'builder build'],
    flags: [
      { name: 'build-arg', type: 'list', usage: 'Set build-time variables' },
      { name: 'cpu-period', type: 'int', usage: 'Limit the CPU CFS (Completely Fair Scheduler) period' },
      { name: 'cpu-quota', type: 'int', usage: 'Limit the CPU CFS (Completely Fair Scheduler) quota' },
      { name: 'cpu-shares', short: 'c', type: 'int', usage: 'CPU shares (relative weight)' },
      { name: 'cpuset-cpus', type: 'string', usage: 'CPUs in which to allow execution (0-3, 0,1)' },
      { name: 'memory', short: 'm', type: 'bytes', usage: 'Memory limit' },
      { name: 'memory-swap', type: 'bytes', usage: "Swap limit equal to memory plus swap: -1 to enable unlimited swap" },
      { name: 'shm-size', type: 'bytes', usage: 'Size of /dev/shm' },
      { name: 'cache-from', type: 'stringSlice', usage: 'Images to consider as cache sources' },
      { name: 'file', short: 'f', type: 'string', usage: "Name of the Dockerfile (Default is 'PATH/Dockerfile')" },
      { name: 'force-rm', type: '', usage: 'Always remove intermediate containers' },
      { name: 'label', type: 'list', usage: 'Set metadata for an image' },
      { name: 'network', type: 'string', usage: 'Set the networking mode for the RUN instructions during build', defaultText: '"default"' },
      { name: 'no-cache', type: '', usage: 'Do not use cache when building the image' },
      { name: 'pull', type: '', usage: 'Always attempt to pull a newer version of the image' },
      { name: 'quiet', short: 'q', type: '', usage: 'Suppress the build output and print image ID on success' },
      { name: 'rm', type: '', usage: 'Remove intermediate containers after a successful build', defaultText: 'true' },
      { name: 'tag', short: 't', type: 'list', usage: 'Name and optionally a tag in the "name:tag" format' },
      { name: 'target', type: 'string', usage: 'Set the target build stage to build.' },
    ],
    args: { min: 1, max: 1 },
  },
  async run(ctx) {
    const f = ctx.flags;
    const source = ctx.args[0]!;
    const buildArgs: Record<string, string | null> = {};
    for (const a of f.list('build-arg')) {
      const at = a.indexOf('=');
      if (at >= 0) buildArgs[a.slice(0, at)] = a.slice(at + 1);
      else buildArgs[a] = process.env[a] ?? null;
    }
    const labels: Record<string, string> = {};
    for (const l of f.list('label')) {
      const at = l.indexOf('=');
      labels[at >= 0 ? l.slice(0, at) : l] = at >= 0 ? l.slice(at + 1) : '';
    }
    let body: Readable;
    let dockerfile = f.string('file');
    if (source === '-') {
      if (dockerfile === '-') throw new ExitCodeError(1, 'invalid argument: can\'t use stdin for both build context and dockerfile');
      body = ctx.stdin;
    } else {
      if (/^[a-z]+:\/\//i.test(source) || source.startsWith('git@')) throw new ExitCodeError(1, 'berth: building from a URL is not supported by berth yet');
      const dir = resolve(source);
      const st = await stat(dir).catch(() => undefined);
      if (!st?.isDirectory()) throw new ExitCodeError(1, `unable to prepare context: path "${source}" not found`);
      let extra: { name: string; content: string } | undefined;
      if (dockerfile === '-') {
        extra = { name: `.dockerfile.${randomBytes(10).toString('hex')}`, content: await readAll(ctx.stdin) };
        dockerfile = extra.name;
      } else if (dockerfile !== undefined) {
        const abs = isAbsolute(dockerfile) ? dockerfile : resolve(dockerfile);
        const rel = relative(dir, abs);
        if (rel.startsWith('..') || isAbsolute(rel)) {
          const content = await readFile(abs, 'utf8').catch(() => {
            throw new ExitCodeError(1, `unable to prepare context: the Dockerfile (${dockerfile}) cannot be opened`);
          });
          extra = { name: `.dockerfile.${randomBytes(10).toString('hex')}`, content };
          dockerfile = extra.name;
        } else dockerfile = rel;
      } else {
        const has = await stat(join(dir, 'Dockerfile')).catch(() => undefined);
        if (!has) throw new ExitCodeError(1, `unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${join(dir, 'Dockerfile')}: no such file or directory`);
      }
      body = await contextTar(dir, [dockerfile ?? 'Dockerfile', '.dockerignore'], extra);
    }
    const quiet = f.bool('quiet');
    const res = await ctx.client().request('POST', '/build', {
      query: {
        t: f.list('tag'),
        dockerfile,
        buildargs: JSON.stringify(buildArgs),
        labels: JSON.stringify(labels),
        target: f.string('target'),
        nocache: f.bool('no-cache') ? '1' : undefined,
        cachefrom: f.list('cache-from').length ? JSON.stringify(f.list('cache-from').flatMap((v) => v.split(','))) : undefined,
        pull: f.bool('pull') ? '1' : undefined,
        q: quiet ? '1' : undefined,
        rm: f.has('rm') && !f.bool('rm') ? '0' : '1',
        forcerm: f.bool('force-rm') ? '1' : undefined,
        networkmode: f.string('network'),
        memory: bytes(f.string('memory'), 'memory'),
        memswap: bytes(f.string('memory-swap'), 'memory-swap'),
        shmsize: bytes(f.string('shm-size'), 'shm-size'),
        cpushares: f.string('cpu-shares'),
        cpuperiod: f.string('cpu-period'),
        cpuquota: f.string('cpu-quota'),
        cpusetcpus: f.string('cpuset-cpus'),
      },
      input: body,
      headers: { 'Content-Type': 'application/x-tar' },
    });
    let id = '';
    let buf = '';
    const handle = (line: string) => {
      if (!line.trim()) return;
      const m = JSON.parse(line) as JsonMessage;
      if (m.error || m.errorDetail?.message) throw new JsonMessageError(m.errorDetail?.message ?? m.error!);
      const aux = m.aux as { ID?: string } | undefined;
      if (aux?.ID) id = aux.ID;
      if (!quiet) ctx.stdout.write(formatMessage(m));
    };
    for await (const chunk of res) {
      buf += String(chunk);
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        handle(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    }
    handle(buf);
    if (quiet) ctx.stdout.write(`${id}\n`);
  },
};

/** `64m`, `1g`, `512k`, `1024` (bytes); `-1` for unlimited swap. */
function bytes(v: string | undefined, flag: string): string | undefined {
  if (v === undefined || v === '-1') return v;
  return String(ramInBytes(flag, v));
}

async function readAll(r: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}
