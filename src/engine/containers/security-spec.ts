// The HostConfig security fields -> SpecInput: --privileged, --security-opt (seccomp, no-new-privileges), the
// default seccomp profile (containers-common's, Docker's default in Docker's format), --sysctl, --device,
// --blkio-weight. Async: it reads the profile (once) and stats device nodes.
import { readFile, stat } from 'node:fs/promises';
import { invalidArgument } from '../../errors.js';
import { ALL_CAPABILITIES } from '../../runtime/spec/capabilities.js';
import { dockerDefaultProfile } from '../../runtime/spec/docker-seccomp.js';
import { ociSeccomp, parseSeccompProfile, type DockerSeccompProfile } from '../../runtime/spec/seccomp.js';
import { parseSecurityOpts } from '../../runtime/spec/security-opts.js';
import type { SpecInput } from '../../runtime/spec/build-spec.js';
import type { DockerHostConfig } from './container-record.js';

/** Debian's golang-github-containers-common ships Docker's default profile here (installed by ./setup). */
export const DEFAULT_SECCOMP_PROFILE = '/usr/share/containers/seccomp.json';

let defaultProfile: Promise<DockerSeccompProfile> | undefined;
function loadDefault(): Promise<DockerSeccompProfile> {
  defaultProfile ??= readFile(DEFAULT_SECCOMP_PROFILE, 'utf8').then((t) => dockerDefaultProfile(parseSeccompProfile(t)));
  defaultProfile.catch(() => (defaultProfile = undefined));
  return defaultProfile;
}

/** Create-time checks (Docker's 400s): the security options parse, an inline profile decodes. */
export function validateSecurity(hc: DockerHostConfig): void {
  const opts = parseSecurityOpts(Array.isArray(hc.SecurityOpt) ? hc.SecurityOpt.map(String) : []);
  if (typeof opts.seccomp === 'object') parseSeccompProfile(opts.seccomp.profile);
  const w = hc.BlkioWeight;
  if (typeof w === 'number' && w !== 0 && (w < 10 || w > 1000)) throw invalidArgument('Range of blkio weight is from 10 to 1000');
}

type SecuritySpec = Pick<SpecInput, 'capabilities' | 'privileged' | 'noNewPrivileges' | 'seccomp' | 'sysctls' | 'devices' | 'blkioWeight' | 'blkioThrottle'>;

const THROTTLES = [
  ['BlkioDeviceReadBps', 'throttleReadBpsDevice'], ['BlkioDeviceWriteBps', 'throttleWriteBpsDevice'],
  ['BlkioDeviceReadIOps', 'throttleReadIOPSDevice'], ['BlkioDeviceWriteIOps', 'throttleWriteIOPSDevice'],
] as const;

/** Linux's dev_t encoding (glibc's major()/minor()). */
function majorMinor(rdev: number): { major: number; minor: number } {
  return { major: Math.floor(rdev / 256) & 0xfff, minor: (rdev & 0xff) | (Math.floor(rdev / 4096) & 0xfff00) };
}

let boundingSet: Promise<string[]> | undefined;
/** The daemon's own bounding set: a privileged container gets every capability the daemon has (Docker's GetAllCapabilities). */
function daemonCapabilities(): Promise<string[]> {
  boundingSet ??= readFile('/proc/self/status', 'utf8').then((text) => {
    const hex = /^CapBnd:\s*([0-9a-f]+)$/m.exec(text)?.[1];
    if (!hex) return [...ALL_CAPABILITIES];
    const mask = BigInt(`0x${hex}`);
    return ALL_CAPABILITIES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
  });
  return boundingSet;
}

export async function securitySpec(hc: DockerHostConfig, caps: readonly string[]): Promise<SecuritySpec> {
  const privileged = hc.Privileged === true;
  const opts = parseSecurityOpts(Array.isArray(hc.SecurityOpt) ? hc.SecurityOpt.map(String) : []);
  let seccomp: Record<string, unknown> | undefined;
  if (!privileged && opts.seccomp !== 'unconfined') {
    const profile = opts.seccomp === 'default' ? await loadDefault() : parseSeccompProfile(opts.seccomp.profile);
    seccomp = ociSeccomp(profile, caps);
  }
  const devices: NonNullable<SpecInput['devices']> = [];
  for (const d of Array.isArray(hc.Devices) ? (hc.Devices as Array<Record<string, string>>) : []) {
    const host = String(d.PathOnHost ?? '');
    const st = await stat(host).catch(() => {
      throw invalidArgument(`error gathering device information while adding custom device "${host}": no such file or directory`);
    });
    if (!st.isCharacterDevice() && !st.isBlockDevice()) throw invalidArgument(`error gathering device information while adding custom device "${host}": not a device node`);
    devices.push({
      path: String(d.PathInContainer || host),
      type: st.isCharacterDevice() ? 'c' : 'b',
      ...majorMinor(st.rdev),
      fileMode: st.mode & 0o777,
      access: String(d.CgroupPermissions || 'rwm'),
    });
  }
  const blkioThrottle: NonNullable<SpecInput['blkioThrottle']> = {};
  for (const [field, oci] of THROTTLES) {
    const list = Array.isArray(hc[field]) ? (hc[field] as Array<{ Path?: string; Rate?: number }>) : [];
    if (!list.length) continue;
    blkioThrottle[oci] = [];
    for (const t of list) {
      const st = await stat(String(t.Path)).catch(() => undefined);
      if (!st?.isBlockDevice()) throw invalidArgument(`${String(t.Path)} is not a block device`);
      blkioThrottle[oci]!.push({ ...majorMinor(st.rdev), rate: Number(t.Rate) });
    }
  }
  const sysctls = hc.Sysctls && typeof hc.Sysctls === 'object' ? (hc.Sysctls as Record<string, string>) : undefined;
  return {
    ...(privileged ? { capabilities: await daemonCapabilities() } : {}),
    privileged,
    noNewPrivileges: opts.noNewPrivileges,
    seccomp,
    sysctls,
    devices,
    ...(Object.keys(blkioThrottle).length ? { blkioThrottle } : {}),
    blkioWeight: typeof hc.BlkioWeight === 'number' && hc.BlkioWeight > 0 ? hc.BlkioWeight : undefined,
  };
}
