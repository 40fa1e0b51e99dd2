// A container's mounts: resolved at create (named volumes made when missing, anonymous ones made new,
// `--volumes-from` copied from the other container), turned into OCI mounts at each start (bind sources made for
// `-v`, an empty volume filled from the image's content at its path first: docker's copy-up), shown in inspect,
// and the anonymous volumes removed with the container when asked (`rm -v`, `--rm`).
import { mkdir, stat, lstat, chown, chmod, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mountRequests, tmpfsOptions, type ApiMount, type MountRequest } from '../../volumes/mount-spec.js';
import { invalidArgument } from '../../errors.js';
import type { VolumeService } from '../volumes/volume-service.js';
import type { ContainerRecord } from './container-record.js';

const run = promisify(execFile);

/** One mount of a container as recorded (and shown in inspect's Mounts). */
export interface MountPoint {
  Type: 'bind' | 'volume' | 'tmpfs';
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
  /** Engine-only fields (left out of the API view). */
  anonymous?: boolean;
  noCopy?: boolean;
  createSource?: boolean;
  tmpfsOptions?: string[];
}

export interface OciMount {
  destination: string;
  type: string;
  source: string;
  options: string[];
}

/** At create: every mount request resolved; volumes exist afterwards. */
export async function prepareMounts(
  volumes: VolumeService | undefined,
  o: { binds?: string[] | null; mounts?: ApiMount[] | null; tmpfs?: Record<string, string> | null; volumes: Array<Record<string, unknown> | null | undefined>; volumesFrom?: string[] | null },
  from: (ref: string) => ContainerRecord,
): Promise<MountPoint[]> {
  const requests = mountRequests({ binds: o.binds, mounts: o.mounts, tmpfs: o.tmpfs, volumes: [] });
  const out: MountPoint[] = [];
  for (const r of requests) out.push(await resolve(volumes, r));
  for (const spec of o.volumesFrom ?? []) {
    const [ref, mode] = spec.split(':') as [string, string?];
    if (mode !== undefined && mode !== 'ro' && mode !== 'rw') throw invalidArgument(`invalid mode: ${mode}`);
    for (const m of from(ref).mounts ?? []) {
      if (m.Type === 'tmpfs' || out.some((x) => x.Destination === m.Destination)) continue;
      out.push({ ...m, anonymous: false, RW: mode === undefined ? m.RW : mode === 'rw' });
    }
  }
  // Image and request VOLUMEs not covered by another mount: anonymous volumes.
  for (const r of mountRequests({ volumes: o.volumes })) {
    if (!out.some((m) => m.Destination === r.target)) out.push(await resolve(volumes, r));
  }
  return out;
}

async function resolve(volumes: VolumeService | undefined, r: MountRequest): Promise<MountPoint> {
  if (r.type === 'bind') {
    return { Type: 'bind', Source: r.source, Destination: r.target, Mode: r.readOnly ? 'ro' : '', RW: !r.readOnly, Propagation: 'rprivate', createSource: r.createSource };
  }
  if (r.type === 'tmpfs') return { Type: 'tmpfs', Source: '', Destination: r.target, Mode: '', RW: !r.readOnly, Propagation: '', tmpfsOptions: tmpfsOptions(r) };
  if (!volumes) throw invalidArgument('volumes are not available on this daemon');
  const rec = await volumes.create({ Name: r.name, Labels: r.labels, DriverOpts: r.driverOptions }, r.name === undefined);
  return { Type: 'volume', Name: rec.Name, Source: rec.Mountpoint, Destination: r.target, Driver: 'local', Mode: r.readOnly ? 'ro' : 'z', RW: !r.readOnly, Propagation: '', anonymous: r.name === undefined, noCopy: r.noCopy };
}

/** At start: the OCI mounts, parents before children; bind sources and copy-ups done. */
export async function ociMounts(volumes: VolumeService | undefined, mounts: MountPoint[], rootfs: string, containerId?: string): Promise<OciMount[]> {
  const out: OciMount[] = [];
  for (const m of [...mounts].sort((a, b) => a.Destination.split('/').length - b.Destination.split('/').length)) {
    if (m.Type === 'tmpfs') {
      out.push({ destination: m.Destination, type: 'tmpfs', source: 'tmpfs', options: m.tmpfsOptions ?? ['noexec', 'nosuid', 'nodev', 'rw'] });
      continue;
    }
    let source = m.Source;
    if (m.Type === 'volume') {
      if (!volumes) throw invalidArgument('volumes are not available on this daemon');
      source = await volumes.mountpoint(m.Name!);
      if (!m.noCopy && (await volumes.isEmpty(m.Name!))) await copyUp(rootfs, m.Destination, source);
      if (containerId) volumes.events?.emit('volume', 'mount', m.Name!, { container: containerId, destination: m.Destination, driver: 'local', propagation: '', 'read/write': String(m.RW) });
    } else {
      const exists = await stat(source).then(() => true, () => false);
      if (!exists) {
        if (!m.createSource) throw invalidArgument(`invalid mount config for type "bind": bind source path does not exist: ${source}`);
        await mkdir(source, { recursive: true });
      }
    }
    out.push({ destination: m.Destination, type: 'bind', source, options: ['rbind', 'rprivate', m.RW ? 'rw' : 'ro'] });
  }
  return out;
}

/**
 * The image's content at a volume's path goes into the empty volume, with the directory's owner and mode. A path
 * that goes through a symlink in the image is not copied (a host path must never be read through the image's
 * links); inside the directory, cp copies links as links.
 */
export async function copyUp(rootfs: string, path: string, to: string): Promise<void> {
  let from = rootfs;
  for (const part of path.split('/').filter(Boolean)) {
    from = join(from, part);
    const st = await lstat(from).catch(() => undefined);
    if (!st || st.isSymbolicLink()) return;
  }
  const st = await lstat(from);
  if (!st.isDirectory()) return;
  if ((await readdir(from)).length > 0) await run('cp', ['-a', '-P', '--', `${from}/.`, `${to}/`]);
  await chown(to, st.uid, st.gid);
  await chmod(to, st.mode & 0o7777);
}

/** inspect's and ps's Mounts. */
export function mountsView(mounts: MountPoint[] | undefined): Array<Record<string, unknown>> {
  return (mounts ?? []).map((m) => {
    const { anonymous: _a, noCopy: _n, createSource: _c, tmpfsOptions: _t, ...view } = m;
    return view;
  });
}

/** Names of the volumes a container uses. */
export const volumeNames = (rec: ContainerRecord): string[] => (rec.mounts ?? []).filter((m) => m.Type === 'volume').map((m) => m.Name!);
