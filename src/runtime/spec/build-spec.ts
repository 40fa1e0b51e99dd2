// Container options -> OCI runtime spec (config.json), with Docker's defaults: namespaces, mounts, the default
// capability set, masked and read-only paths, the device allow-list. Pure: it plans, runtime/ applies.
import type { ResolvedUser } from './user.js';
import { DEFAULT_CAPABILITIES } from './capabilities.js';
import { ociMappings, type IdMap } from '../../common/id-map.js';
import { ociResources, rlimits, type ResourceLimits, type Ulimit } from './resources.js';

export interface BindMount {
  source: string;
  destination: string;
  readonly?: boolean;
}

export interface SpecInput {
  rootfs: string;
  args: string[];
  env: string[];
  cwd: string;
  user: ResolvedUser;
  hostname: string;
  /** `private`: a new network namespace with loopback up; `host`: the host's; or a namespace path to join. */
  network: { mode: 'private' } | { mode: 'host' } | { mode: 'path'; path: string };
  binds: BindMount[];
  /** The container's own mounts (volumes, binds, tmpfs) in mount order, after the engine's. */
  mounts?: Array<{ destination: string; type: string; source: string; options: string[] }>;
  cgroupsPath: string;
  /** Hard limit for RLIMIT_NOFILE the daemon itself has (the soft limit is 1024, Docker's default). */
  nofileHard: number;
  readonlyRootfs?: boolean;
  /** A pseudo-terminal for the process (`docker run -t`); conmon receives its master through the console socket. */
  terminal?: boolean;
  /** The terminal's initial size (Docker's ConsoleSize). */
  consoleSize?: { height: number; width: number };
  /** The capability set (runtime/spec/capabilities.ts); Docker's 14 defaults when absent. */
  capabilities?: string[];
  resources?: ResourceLimits;
  ulimits?: Ulimit[];
  /** `--init`: this binary is bind-mounted at /dev/init and runs as PID 1 in front of the args (tini). */
  initBinary?: string;
  /** Bytes of the /dev/shm tmpfs (Docker's ShmSize; default 64 MiB). */
  shmSize?: number;
  /**
   * Command run inside a new network namespace before the process starts. Not needed for loopback: runc brings
   * `lo` up itself in a network namespace it creates (measured: the `ip` hook only added 3-5 ms to create).
   */
  loopbackHook?: { path: string; args: string[] };
  /** `--privileged`: every capability (given in `capabilities`), no masked/read-only paths, rw /sys, all devices, no seccomp. */
  privileged?: boolean;
  noNewPrivileges?: boolean;
  /** The OCI linux.seccomp (runtime/spec/seccomp.ts); none when absent (unconfined). */
  seccomp?: Record<string, unknown>;
  sysctls?: Record<string, string>;
  /** `--device`: host device nodes created in the container and allowed in the device cgroup. */
  devices?: Array<{ path: string; type: 'c' | 'b'; major: number; minor: number; fileMode: number; access: string }>;
  /** Block IO weight (10-1000). */
  blkioWeight?: number;
  /** OCI blockIO throttle lists (throttleReadBpsDevice, ...): `{ major, minor, rate }` each. */
  blkioThrottle?: Record<string, Array<{ major: number; minor: number; rate: number }>>;
  /** `--userns-remap`: a user namespace mapping the container's IDs onto this host range. */
  idMap?: IdMap;
}

export { DEFAULT_CAPABILITIES } from './capabilities.js';

export const MASKED_PATHS = [
  '/proc/asound', '/proc/acpi', '/proc/interrupts', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
  '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap',
];
export const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function buildSpec(i: SpecInput): Record<string, unknown> {
  const namespaces: Array<{ type: string; path?: string }> = [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }];
  if (i.network.mode === 'private') namespaces.push({ type: 'network' });
  else if (i.network.mode === 'path') namespaces.push({ type: 'network', path: i.network.path });
  if (i.idMap) namespaces.push({ type: 'user' });
  const caps = i.capabilities ?? DEFAULT_CAPABILITIES;
  const hooks = i.network.mode === 'private' && i.loopbackHook ? { createContainer: [{ path: i.loopbackHook.path, args: i.loopbackHook.args, timeout: 5 }] } : undefined;
  return {
    ociVersion: '1.0.2-dev',
    process: {
      terminal: i.terminal === true,
      ...(i.terminal && i.consoleSize && i.consoleSize.height > 0 && i.consoleSize.width > 0 ? { consoleSize: i.consoleSize } : {}),
      user: { uid: i.user.uid, gid: i.user.gid, ...(i.user.additionalGids.length ? { additionalGids: i.user.additionalGids } : {}) },
      args: i.initBinary ? ['/dev/init', '--', ...i.args] : i.args,
      env: withDefaults(i.env, i.user.home),
      cwd: i.cwd || '/',
      capabilities: { bounding: caps, effective: caps, permitted: caps },
      rlimits: rlimits(i.ulimits, i.nofileHard),
      noNewPrivileges: i.noNewPrivileges === true,
    },
    root: { path: i.rootfs, readonly: i.readonlyRootfs ?? false },
    hostname: i.network.mode === 'host' ? undefined : i.hostname,
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
      { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
      { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', i.privileged ? 'rw' : 'ro'] },
      { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: [i.privileged ? 'rw' : 'ro', 'nosuid', 'noexec', 'nodev'] },
      { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', `size=${i.shmSize ?? 67108864}`] },
      ...(i.initBinary ? [{ destination: '/dev/init', type: 'bind', source: i.initBinary, options: ['bind', 'ro'] }] : []),
      ...i.binds.map((b) => ({ destination: b.destination, type: 'bind', source: b.source, options: ['rbind', 'rprivate', b.readonly ? 'ro' : 'rw'] })),
      ...(i.mounts ?? []),
    ],
    ...(hooks ? { hooks } : {}),
    linux: {
      namespaces,
      ...(i.idMap ? ociMappings(i.idMap) : {}),
      cgroupsPath: i.cgroupsPath,
      resources: {
        ...ociResources(i.resources ?? {}),
        ...(i.blkioWeight || i.blkioThrottle ? { blockIO: { ...(i.blkioWeight ? { weight: i.blkioWeight } : {}), ...i.blkioThrottle } } : {}),
        devices: i.privileged ? [{ allow: true, access: 'rwm' }] : [
          { allow: false, access: 'rwm' },
          { allow: true, type: 'c', major: 1, minor: 5, access: 'rwm' },
          { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
          { allow: true, type: 'c', major: 1, minor: 9, access: 'rwm' },
          { allow: true, type: 'c', major: 1, minor: 8, access: 'rwm' },
          { allow: true, type: 'c', major: 5, minor: 0, access: 'rwm' },
          { allow: true, type: 'c', major: 5, minor: 1, access: 'rwm' },
          { allow: false, type: 'c', major: 10, minor: 229, access: 'rwm' },
          { allow: true, type: 'c', major: 136, access: 'rwm' },
          { allow: true, type: 'c', major: 5, minor: 2, access: 'rwm' },
          ...(i.devices ?? []).map((d) => ({ allow: true, type: d.type, major: d.major, minor: d.minor, access: d.access })),
        ],
      },
      ...(i.devices?.length ? { devices: i.devices.map((d) => ({ path: d.path, type: d.type, major: d.major, minor: d.minor, fileMode: d.fileMode, uid: 0, gid: 0 })) } : {}),
      ...(i.sysctls && Object.keys(i.sysctls).length ? { sysctl: i.sysctls } : {}),
      ...(i.seccomp && !i.privileged ? { seccomp: i.seccomp } : {}),
      maskedPaths: i.privileged ? [] : MASKED_PATHS,
      readonlyPaths: i.privileged ? [] : READONLY_PATHS,
    },
  };
}

/** Adds PATH (and HOME) when the image and the user set none, as docker does. */
export function withDefaults(env: string[], home: string): string[] {
  const out = [...env];
  if (!out.some((e) => e.startsWith('PATH='))) out.unshift(`PATH=${DEFAULT_PATH}`);
  if (!out.some((e) => e.startsWith('HOME='))) out.push(`HOME=${home}`);
  return out;
}

/** Merges env lists: later entries override earlier ones with the same name. */
export function mergeEnv(...lists: Array<readonly string[] | undefined>): string[] {
  const map = new Map<string, string>();
  for (const list of lists) for (const e of list ?? []) map.set(e.split('=')[0]!, e);
  return [...map.values()];
}
