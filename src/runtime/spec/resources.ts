// Docker's HostConfig resource fields -> the OCI spec's linux.resources (memory, cpu, pids) and process rlimits.
// runc applies them on the cgroup v1 controllers here (memory, cpu, cpuset, pids). Pure.
import { invalidArgument } from '../../errors.js';

export interface ResourceLimits {
  /** Bytes; 0/undefined: unlimited. */
  memory?: number;
  /** Memory + swap in bytes; -1 unlimited swap. */
  memorySwap?: number;
  memoryReservation?: number;
  /** CPUs in billionths (`--cpus 1.5` = 1.5e9). */
  nanoCpus?: number;
  cpuQuota?: number;
  cpuPeriod?: number;
  cpuShares?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
  /** > 0 limits; 0, -1 or undefined: unlimited. */
  pidsLimit?: number;
  oomKillDisable?: boolean;
}

const MIN_MEMORY = 6 * 1024 * 1024;

/** The `linux.resources` entries besides devices; undefined fields stay out of the spec. */
export function ociResources(r: ResourceLimits): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const memory: Record<string, unknown> = {};
  if (r.memory && r.memory > 0) {
    if (r.memory < MIN_MEMORY) throw invalidArgument('Minimum memory limit allowed is 6MB');
    memory.limit = r.memory;
    if (r.memorySwap !== undefined && r.memorySwap !== 0) {
      if (r.memorySwap > 0 && r.memorySwap < r.memory) throw invalidArgument('Minimum memoryswap limit should be larger than memory limit, see usage');
      memory.swap = r.memorySwap;
    }
  }
  if (r.memoryReservation && r.memoryReservation > 0) memory.reservation = r.memoryReservation;
  if (r.oomKillDisable) memory.disableOOMKiller = true;
  if (Object.keys(memory).length) out.memory = memory;

  const cpu: Record<string, unknown> = {};
  if (r.nanoCpus && r.nanoCpus > 0) {
    if (r.cpuQuota || r.cpuPeriod) throw invalidArgument('Conflicting options: Nano CPUs and CPU Period cannot both be set');
    cpu.period = 100_000;
    cpu.quota = Math.round((r.nanoCpus * 100_000) / 1e9);
  } else {
    if (r.cpuQuota && r.cpuQuota > 0) cpu.quota = r.cpuQuota;
    if (r.cpuPeriod && r.cpuPeriod > 0) cpu.period = r.cpuPeriod;
  }
  if (r.cpuShares && r.cpuShares > 0) cpu.shares = r.cpuShares;
  if (r.cpusetCpus) cpu.cpus = r.cpusetCpus;
  if (r.cpusetMems) cpu.mems = r.cpusetMems;
  if (Object.keys(cpu).length) out.cpu = cpu;

  if (r.pidsLimit && r.pidsLimit > 0) out.pids = { limit: r.pidsLimit };
  return out;
}

export interface Ulimit {
  Name: string;
  Soft: number;
  Hard: number;
}

/** Docker's `--ulimit` list -> OCI rlimits; `nofile` defaults to 1024:min(524288, the daemon's own hard limit). */
export function rlimits(ulimits: readonly Ulimit[] = [], nofileHard: number): Array<{ type: string; soft: number; hard: number }> {
  const out = new Map<string, { type: string; soft: number; hard: number }>();
  out.set('RLIMIT_NOFILE', { type: 'RLIMIT_NOFILE', hard: Math.min(524288, nofileHard), soft: Math.min(1024, nofileHard) });
  for (const u of ulimits) {
    const type = `RLIMIT_${u.Name.toUpperCase()}`;
    if (!/^RLIMIT_[A-Z]+$/.test(type)) throw invalidArgument(`invalid ulimit type: ${u.Name}`);
    if (u.Soft > u.Hard) throw invalidArgument(`ulimit soft limit must be less than or equal to hard limit: ${u.Soft} > ${u.Hard}`);
    out.set(type, { type, soft: u.Soft, hard: u.Hard });
  }
  return [...out.values()];
}
