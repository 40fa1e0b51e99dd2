// The OCI runtime as berthd runs it: which one it is (runc or crun, from its --version), the path berthd executes
// (a sealed memfd copy, sealed-runtime.ts) and the path conmon executes for `create`.
//
// crun refuses to create a container when cgroups are hybrid and the cgroup2 mount lists controllers (here
// /sys/fs/cgroup/unified/cgroup.controllers says `hugetlb`); it checks before it looks at any option. Its other
// commands (start, exec, kill, pause, update, ps, state, delete) work as they are. For `create`, conmon runs a
// small wrapper that hides that one file in a private mount namespace of the call (notes: building-blocks §1b):
// nothing changes for the host or for other processes. The container's limits still go to the v1 controllers.
import { readFile, writeFile, chmod, access } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../common/proc/run.js';
import { sealedRuntimeCopy } from './sealed-runtime.js';
import { KNOWN_RUNTIMES } from '../common/runtime-paths.js';

export interface RuntimeBinary {
  /** `runc`, `crun`, or the file name of another runtime. */
  name: string;
  /** The configured path (`--runtime`, or where Debian installs it). */
  path: string;
  /** `1.1.5` (unknown when --version does not say). */
  version: string;
  commit: string;
  /** What berthd executes: the sealed copy, or the configured path. */
  exec: string;
  /** What conmon executes to create a container (a wrapper for crun on hybrid cgroups, else `exec`). */
  create: string;
}

const UNIFIED_CONTROLLERS = '/sys/fs/cgroup/unified/cgroup.controllers';

/** `crun version 1.8.1\ncommit: …` → name, version and commit. Pure. */
export function parseRuntimeVersion(text: string, fallbackName: string): { name: string; version: string; commit: string } {
  const m = /^(\S+) version (\S+)/m.exec(text);
  return { name: m?.[1] ?? fallbackName, version: m?.[2] ?? 'unknown', commit: /^commit: (\S+)/m.exec(text)?.[1] ?? '' };
}

/** The wrapper's text: `$0` of the inner shell is the empty file, its arguments the runtime and the call's own. */
export function hybridWrapperScript(emptyFile: string, runtime: string): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return [
    '#!/bin/sh',
    '# Written by berthd: crun refuses hybrid cgroups while cgroup2 lists controllers; hide them from this call only.',
    'PATH=/usr/sbin:/usr/bin:/sbin:/bin', // whatever PATH conmon was given (a service manager's may be bare)
    `exec unshare -m --propagation private /bin/sh -c 'mount --bind "$0" ${UNIFIED_CONTROLLERS} && exec "$@"' ${q(emptyFile)} ${q(runtime)} "$@"`,
    '',
  ].join('\n');
}

/** Prepares the runtime at `path`; wrapper files go into `execRoot`. */
export async function prepareRuntime(path: string, execRoot: string): Promise<RuntimeBinary> {
  const exec = (await sealedRuntimeCopy(path)) ?? path;
  const out = await run(exec, ['--version'], { timeoutMs: 5000, allowFailure: true }).catch(() => undefined);
  const { name, version, commit } = parseRuntimeVersion(out?.stdout ?? '', path.split('/').pop() ?? 'runc');
  let create = exec;
  if (name === 'crun' && (await hybridWithControllers())) {
    const empty = join(execRoot, 'empty');
    await writeFile(empty, '');
    create = join(execRoot, 'crun-hybrid');
    await writeFile(create, hybridWrapperScript(empty, exec), { mode: 0o700 });
    await chmod(create, 0o700);
  }
  return { name, path, version, commit, exec, create };
}

/**
 * The daemon's runtimes, by name: the default (`--runtime`) and the other known ones that are installed, as
 * dockerd keeps runc next to its default. A container runs under the runtime it was created with
 * (HostConfig.Runtime), so one created under runc keeps being run, stopped and re-adopted by runc after the
 * default changes; `docker run --runtime NAME` picks one.
 */
export interface RuntimeSet {
  default: RuntimeBinary;
  byName: Map<string, RuntimeBinary>;
}

export async function prepareRuntimes(defaultPath: string, execRoot: string): Promise<RuntimeSet> {
  const first = await prepareRuntime(defaultPath, execRoot);
  const byName = new Map([[first.name, first]]);
  for (const path of KNOWN_RUNTIMES) {
    if (path === defaultPath || !(await access(path).then(() => true, () => false))) continue;
    const other = await prepareRuntime(path, execRoot);
    if (!byName.has(other.name)) byName.set(other.name, other);
  }
  return { default: first, byName };
}

async function hybridWithControllers(): Promise<boolean> {
  const text = await readFile(UNIFIED_CONTROLLERS, 'utf8').catch(() => '');
  return text.trim() !== '';
}
