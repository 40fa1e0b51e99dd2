// `create`/`run` resource and security flags -> HostConfig fields (docker/cli's opts.go: RAMInBytes, NanoCPUs,
// ulimits, sysctls, devices, security options). Pure.
import { readFileSync } from 'node:fs';
import { ExitCodeError } from '../../exit-code-error.js';
import type { ParsedFlags } from '../../flags/parse-flags.js';
import { ramInBytes } from '../../flags/ram-in-bytes.js';

export const RESOURCE_FLAGS = [
  'memory', 'memory-swap', 'memory-reservation', 'oom-kill-disable', 'cpus', 'cpu-shares', 'cpu-quota', 'cpu-period',
  'cpuset-cpus', 'cpuset-mems', 'pids-limit', 'ulimit', 'shm-size', 'security-opt', 'sysctl', 'device', 'group-add',
  'blkio-weight', 'device-read-bps', 'device-write-bps', 'device-read-iops', 'device-write-iops',
];

export { ramInBytes };

function int(flags: ParsedFlags, name: string): number | undefined {
  const v = flags.string(name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw new ExitCodeError(125, `invalid argument "${v}" for "--${name}" flag: strconv.ParseInt: parsing "${v}": invalid syntax`);
  return Number(v);
}

/** `nofile=1024:2048` or `nproc=64` (soft = hard). */
export function parseUlimit(s: string): { Name: string; Soft: number; Hard: number } {
  const m = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(s);
  if (!m) throw new ExitCodeError(125, `invalid argument "${s}" for "--ulimit" flag: invalid ulimit argument: ${s}`);
  const soft = Number(m[2]);
  return { Name: m[1]!, Soft: soft, Hard: m[3] !== undefined ? Number(m[3]) : soft };
}

/** `/dev/fuse`, `/dev/sda:/dev/xvda:rwm`. */
export function parseDevice(s: string): { PathOnHost: string; PathInContainer: string; CgroupPermissions: string } {
  const parts = s.split(':');
  let perms = 'rwm';
  if (parts.length > 1 && /^[rwm]+$/.test(parts[parts.length - 1]!)) perms = parts.pop()!;
  if (parts.length > 2 || !parts[0]!.startsWith('/')) throw new ExitCodeError(125, `invalid argument "${s}" for "--device" flag: bad format for path: ${s}`);
  return { PathOnHost: parts[0]!, PathInContainer: parts[1] ?? parts[0]!, CgroupPermissions: perms };
}

export function resourceHostConfig(flags: ParsedFlags): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const bytes = (flag: string, field: string) => {
    const v = flags.string(flag);
    if (v !== undefined) out[field] = v === '-1' ? -1 : ramInBytes(flag, v);
  };
  bytes('memory', 'Memory');
  bytes('memory-swap', 'MemorySwap');
  bytes('memory-reservation', 'MemoryReservation');
  bytes('shm-size', 'ShmSize');
  if (flags.has('oom-kill-disable')) out.OomKillDisable = flags.bool('oom-kill-disable');
  const cpus = flags.string('cpus');
  if (cpus !== undefined) {
    const n = Number(cpus);
    if (!Number.isFinite(n) || n < 0) throw new ExitCodeError(125, `invalid argument "${cpus}" for "--cpus" flag: failed to parse ${cpus} as a rational number`);
    out.NanoCpus = Math.round(n * 1e9);
  }
  for (const [flag, field] of [['cpu-shares', 'CpuShares'], ['cpu-quota', 'CpuQuota'], ['cpu-period', 'CpuPeriod'], ['pids-limit', 'PidsLimit'], ['blkio-weight', 'BlkioWeight']] as const) {
    const v = int(flags, flag);
    if (v !== undefined) out[field] = v;
  }
  if (flags.has('cpuset-cpus')) out.CpusetCpus = flags.string('cpuset-cpus');
  if (flags.has('cpuset-mems')) out.CpusetMems = flags.string('cpuset-mems');
  if (flags.has('ulimit')) out.Ulimits = flags.list('ulimit').map(parseUlimit);
  if (flags.has('security-opt')) out.SecurityOpt = flags.list('security-opt').map(inlineSeccomp);
  if (flags.has('group-add')) out.GroupAdd = flags.list('group-add');
  if (flags.has('device')) out.Devices = flags.list('device').map(parseDevice);
  for (const [flag, field, isBytes] of [['device-read-bps', 'BlkioDeviceReadBps', true], ['device-write-bps', 'BlkioDeviceWriteBps', true],
    ['device-read-iops', 'BlkioDeviceReadIOps', false], ['device-write-iops', 'BlkioDeviceWriteIOps', false]] as const) {
    if (!flags.has(flag)) continue;
    out[field] = flags.list(flag).map((v) => {
      const i = v.lastIndexOf(':');
      if (i <= 0) throw new ExitCodeError(125, `invalid argument "${v}" for "--${flag}" flag: bad format: ${v}`);
      const rate = v.slice(i + 1);
      if (!isBytes && !/^\d+$/.test(rate)) throw new ExitCodeError(125, `invalid argument "${v}" for "--${flag}" flag: invalid rate for device: ${v}. The correct format is <device-path>:<number>. Number must be a positive integer`);
      return { Path: v.slice(0, i), Rate: isBytes ? ramInBytes(flag, rate) : Number(rate) };
    });
  }
  if (flags.has('sysctl')) {
    const sysctls: Record<string, string> = {};
    for (const s of flags.list('sysctl')) {
      const i = s.indexOf('=');
      if (i <= 0) throw new ExitCodeError(125, `invalid argument "${s}" for "--sysctl" flag: ${s} is not a valid sysctl value`);
      sysctls[s.slice(0, i)] = s.slice(i + 1);
    }
    out.Sysctls = sysctls;
  }
  return out;
}

/** `seccomp=<file>`: the CLI sends the profile's content, as docker does (the daemon never reads client paths). */
function inlineSeccomp(opt: string): string {
  const m = /^seccomp[=:](.*)$/s.exec(opt);
  if (!m || m[1] === 'unconfined' || m[1] === 'builtin' || m[1]!.trim().startsWith('{')) return opt;
  try {
    return `seccomp=${readFileSync(m[1]!, 'utf8')}`;
  } catch (err) {
    throw new ExitCodeError(125, `opening seccomp profile (${m[1]}) failed: open ${m[1]}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
  }
}
