// A container's mounts as the API states them — HostConfig.Binds (`-v`), HostConfig.Mounts (`--mount`),
// HostConfig.Tmpfs (`--tmpfs`) and the image's and request's Volumes (anonymous volumes) — as one list of mount
// requests with Docker's validation and wording. Pure: nothing is created here.
import { posix } from 'node:path';
import { invalidArgument } from '../errors.js';

export type MountRequest =
  | { type: 'bind'; source: string; target: string; readOnly: boolean; /** `-v` creates a missing source dir; `--mount` refuses. */ createSource: boolean }
  | { type: 'volume'; /** undefined: anonymous (a new random name). */ name: string | undefined; target: string; readOnly: boolean; noCopy: boolean; labels?: Record<string, string>; driverOptions?: Record<string, string> }
  | { type: 'tmpfs'; target: string; readOnly: boolean; /** mount(8) options besides the defaults (size=…, mode=…). */ options: string[] };

/** The subset of HostConfig.Mounts entries this engine reads. */
export interface ApiMount {
  Type?: string;
  Source?: string;
  Target?: string;
  ReadOnly?: boolean;
  VolumeOptions?: { NoCopy?: boolean; Labels?: Record<string, string>; DriverConfig?: { Name?: string; Options?: Record<string, string> } };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
  BindOptions?: { CreateMountpoint?: boolean };
}

export interface MountSources {
  binds?: string[] | null;
  mounts?: ApiMount[] | null;
  tmpfs?: Record<string, string> | null;
  /** Config.Volumes of the request and the image: each is an anonymous volume unless another mount covers it. */
  volumes?: Array<Record<string, unknown> | null | undefined>;
}

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

function target(path: string | undefined, what: string): string {
  if (!path) throw invalidArgument(`invalid mount config for type "${what}": field Target must not be empty`);
  if (!path.startsWith('/')) throw invalidArgument(`invalid mount path: '${path}' mount path must be absolute`);
  const clean = posix.normalize(path).replace(/(.)\/+$/, '$1');
  if (clean === '/') throw invalidArgument('invalid specification: destination can\'t be \'/\'');
  return clean;
}

/** `-v SRC:DST[:OPTS]`, `-v DST` (anonymous). SRC is a host path when it starts with `/`, else a volume name. */
export function parseBind(spec: string): MountRequest {
  const parts = spec.split(':');
  if (parts.length > 3 || parts.some((p) => p === '')) throw invalidArgument(`invalid volume specification: '${spec}'`);
  if (parts.length === 1) return { type: 'volume', name: undefined, target: target(parts[0], 'volume'), readOnly: false, noCopy: false };
  const [src, dst, opts = ''] = parts as [string, string, string?];
  let readOnly = false;
  let noCopy = false;
  for (const o of opts.split(',').filter(Boolean)) {
    if (o === 'ro') readOnly = true;
    else if (o === 'rw') readOnly = false;
    else if (o === 'nocopy') noCopy = true;
    else if (['z', 'Z', 'private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave', 'consistent', 'cached', 'delegated'].includes(o)) continue;
    else throw invalidArgument(`invalid mode: ${o}`);
  }
  if (src.startsWith('/')) return { type: 'bind', source: posix.normalize(src), target: target(dst, 'bind'), readOnly, createSource: true };
  if (!VOLUME_NAME.test(src)) throw invalidArgument(`create ${src}: "${src}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`);
  return { type: 'volume', name: src, target: target(dst, 'volume'), readOnly, noCopy };
}

export function fromApiMount(m: ApiMount): MountRequest {
  const type = m.Type ?? '';
  if (type === 'bind') {
    if (!m.Source) throw invalidArgument('invalid mount config for type "bind": field Source must not be empty');
    if (!m.Source.startsWith('/')) throw invalidArgument(`invalid mount config for type "bind": invalid mount path: '${m.Source}' mount path must be absolute`);
    return { type: 'bind', source: posix.normalize(m.Source), target: target(m.Target, 'bind'), readOnly: m.ReadOnly === true, createSource: m.BindOptions?.CreateMountpoint === true };
  }
  if (type === 'volume') {
    if (m.Source && !VOLUME_NAME.test(m.Source)) throw invalidArgument(`invalid mount config for type "volume": invalid volume name "${m.Source}"`);
    return {
      type: 'volume',
      name: m.Source || undefined,
      target: target(m.Target, 'volume'),
      readOnly: m.ReadOnly === true,
      noCopy: m.VolumeOptions?.NoCopy === true,
      labels: m.VolumeOptions?.Labels,
      driverOptions: m.VolumeOptions?.DriverConfig?.Options,
    };
  }
  if (type === 'tmpfs') {
    if (m.Source) throw invalidArgument('invalid mount config for type "tmpfs": field Source must not be specified');
    const options: string[] = [];
    if (m.TmpfsOptions?.SizeBytes) options.push(`size=${m.TmpfsOptions.SizeBytes}`);
    if (m.TmpfsOptions?.Mode) options.push(`mode=${m.TmpfsOptions.Mode.toString(8)}`);
    return { type: 'tmpfs', target: target(m.Target, 'tmpfs'), readOnly: m.ReadOnly === true, options };
  }
  throw invalidArgument(`mount type unknown: "${type}"`);
}

/** `--tmpfs /run:size=64m,mode=1777` as the API carries it: path -> options. */
export function fromTmpfs(path: string, opts: string): MountRequest {
  const options = opts.split(',').filter(Boolean);
  const readOnly = options.includes('ro');
  for (const o of options) {
    const key = o.split('=')[0]!;
    if (!['size', 'mode', 'uid', 'gid', 'nr_inodes', 'nr_blocks', 'ro', 'rw', 'exec', 'noexec', 'suid', 'nosuid', 'dev', 'nodev', 'tmpcopyup', 'notmpcopyup'].includes(key)) {
      throw invalidArgument(`invalid tmpfs option ["${o}"]`);
    }
  }
  return { type: 'tmpfs', target: target(path, 'tmpfs'), readOnly, options: options.filter((o) => o !== 'ro' && o !== 'rw') };
}

/** Every mount of a container, one per target (a second mount on the same target is Docker's "Duplicate mount point"). */
export function mountRequests(s: MountSources): MountRequest[] {
  const out: MountRequest[] = [];
  const add = (m: MountRequest) => {
    if (out.some((o) => o.target === m.target)) throw invalidArgument(`Duplicate mount point: ${m.target}`);
    out.push(m);
  };
  for (const b of s.binds ?? []) add(parseBind(b));
  for (const m of s.mounts ?? []) add(fromApiMount(m));
  for (const [path, opts] of Object.entries(s.tmpfs ?? {})) add(fromTmpfs(path, opts));
  for (const vols of s.volumes ?? []) {
    for (const path of Object.keys(vols ?? {})) {
      const t = target(path, 'volume');
      if (!out.some((o) => o.target === t)) out.push({ type: 'volume', name: undefined, target: t, readOnly: false, noCopy: false });
    }
  }
  return out;
}

/** The tmpfs mount options Docker uses (`--tmpfs` is noexec, nosuid, nodev unless told otherwise). */
export function tmpfsOptions(m: Extract<MountRequest, { type: 'tmpfs' }>): string[] {
  const given = new Set(m.options.map((o) => o.split('=')[0]!));
  const defaults = ['noexec', 'nosuid', 'nodev'].filter((d) => !given.has(d) && !given.has(d.slice(2)));
  return [...defaults, ...m.options.filter((o) => !['tmpcopyup', 'notmpcopyup'].includes(o)), m.readOnly ? 'ro' : 'rw'];
}
