// `GET /containers/{id}/stats`: Docker's stats JSON from the container's cgroup files (v1 controllers or the v2
// unified tree) and its network namespace's /proc/<pid>/net/dev. Streaming sends one object a second, each with
// the previous sample as precpu; stream=false waits for a second sample (100 ms on) so the CLI can compute CPU %;
// one-shot sends the first sample alone.
import { readFile, access } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import type { ContainerService } from './container-service.js';
import type { ContainerRecord } from './container-record.js';
import { blkioV1, ioStatV2, keyValues, netDev, numberFile, systemCpuNs, type NetStats } from './stats-parse.js';

const CG = '/sys/fs/cgroup';
let unified: Promise<boolean> | undefined;
const isUnified = () => (unified ??= access(`${CG}/cgroup.controllers`).then(() => true, () => false));
const read = (path: string) => readFile(path, 'utf8').catch(() => '');

interface CpuStats {
  cpu_usage: { total_usage: number; percpu_usage?: number[]; usage_in_kernelmode: number; usage_in_usermode: number };
  system_cpu_usage?: number;
  online_cpus?: number;
  throttling_data: { periods: number; throttled_periods: number; throttled_time: number };
}

export interface StatsSample {
  read: string;
  cpu_stats: CpuStats;
  memory_stats: Record<string, unknown>;
  pids_stats: { current?: number; limit?: number };
  blkio_stats: Record<string, unknown>;
  networks?: Record<string, NetStats>;
}

const EMPTY_CPU: CpuStats = { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } };
const ZERO = '0001-01-01T00:00:00Z';

async function sampleV1(group: string): Promise<Omit<StatsSample, 'read' | 'networks'>> {
  const [usage, percpu, acctStat, cpuStat, memUsage, memMax, memLimit, memStat, pids, pidsMax, blkio, blkioOps] = await Promise.all([
    read(`${CG}/cpuacct${group}/cpuacct.usage`), read(`${CG}/cpuacct${group}/cpuacct.usage_percpu`), read(`${CG}/cpuacct${group}/cpuacct.stat`),
    read(`${CG}/cpu${group}/cpu.stat`), read(`${CG}/memory${group}/memory.usage_in_bytes`), read(`${CG}/memory${group}/memory.max_usage_in_bytes`),
    read(`${CG}/memory${group}/memory.limit_in_bytes`), read(`${CG}/memory${group}/memory.stat`), read(`${CG}/pids${group}/pids.current`),
    read(`${CG}/pids${group}/pids.max`), read(`${CG}/blkio${group}/blkio.throttle.io_service_bytes_recursive`), read(`${CG}/blkio${group}/blkio.throttle.io_serviced_recursive`),
  ]);
  const acct = keyValues(acctStat);
  const thr = keyValues(cpuStat);
  const tick = 1e9 / 100;
  const limit = numberFile(memLimit);
  return {
    cpu_stats: {
      cpu_usage: {
        total_usage: numberFile(usage) ?? 0,
        percpu_usage: percpu.trim().split(/\s+/).filter(Boolean).map(Number),
        usage_in_kernelmode: (acct.system ?? 0) * tick,
        usage_in_usermode: (acct.user ?? 0) * tick,
      },
      throttling_data: { periods: thr.nr_periods ?? 0, throttled_periods: thr.nr_throttled ?? 0, throttled_time: thr.throttled_time ?? 0 },
    },
    memory_stats: { usage: numberFile(memUsage) ?? 0, max_usage: numberFile(memMax) ?? 0, stats: keyValues(memStat), limit: Math.min(limit ?? Infinity, hostMemory()) },
    pids_stats: { current: numberFile(pids) ?? 0, ...(numberFile(pidsMax) !== undefined ? { limit: numberFile(pidsMax) } : {}) },
    blkio_stats: { io_service_bytes_recursive: blkioV1(blkio), io_serviced_recursive: blkioV1(blkioOps), io_queue_recursive: null, io_service_time_recursive: null, io_wait_time_recursive: null, io_merged_recursive: null, io_time_recursive: null, sectors_recursive: null },
  };
}

async function sampleV2(group: string): Promise<Omit<StatsSample, 'read' | 'networks'>> {
  const dir = `${CG}${group}`;
  const [cpuStat, memCurrent, memMax, memStat, pids, pidsMax, io] = await Promise.all([
    read(`${dir}/cpu.stat`), read(`${dir}/memory.current`), read(`${dir}/memory.max`), read(`${dir}/memory.stat`), read(`${dir}/pids.current`), read(`${dir}/pids.max`), read(`${dir}/io.stat`),
  ]);
  const c = keyValues(cpuStat);
  return {
    cpu_stats: {
      cpu_usage: { total_usage: (c.usage_usec ?? 0) * 1000, usage_in_kernelmode: (c.system_usec ?? 0) * 1000, usage_in_usermode: (c.user_usec ?? 0) * 1000 },
      throttling_data: { periods: c.nr_periods ?? 0, throttled_periods: c.nr_throttled ?? 0, throttled_time: (c.throttled_usec ?? 0) * 1000 },
    },
    memory_stats: { usage: numberFile(memCurrent) ?? 0, stats: keyValues(memStat), limit: Math.min(numberFile(memMax) ?? Infinity, hostMemory()) },
    pids_stats: { current: numberFile(pids) ?? 0, ...(numberFile(pidsMax) !== undefined ? { limit: numberFile(pidsMax) } : {}) },
    blkio_stats: { io_service_bytes_recursive: ioStatV2(io), io_serviced_recursive: null, io_queue_recursive: null, io_service_time_recursive: null, io_wait_time_recursive: null, io_merged_recursive: null, io_time_recursive: null, sectors_recursive: null },
  };
}

/** No limit: the host's memory, as Docker reports it. */
const hostMemory = (): number => totalmem();

export async function sampleContainer(svc: ContainerService, rec: ContainerRecord): Promise<StatsSample> {
  const running = rec.state.status === 'running' || rec.state.status === 'paused';
  const now = new Date().toISOString();
  if (!running) return { read: now, cpu_stats: EMPTY_CPU, memory_stats: {}, pids_stats: {}, blkio_stats: {} };
  const group = `${svc.options.config.cgroupParent}/${rec.id}`;
  const [base, procStat, dev] = await Promise.all([(await isUnified()) ? sampleV2(group) : sampleV1(group), read('/proc/stat'), rec.state.pid ? read(`/proc/${rec.state.pid}/net/dev`) : Promise.resolve('')]);
  const networks = netDev(dev);
  return {
    read: now,
    ...base,
    cpu_stats: { ...base.cpu_stats, system_cpu_usage: systemCpuNs(procStat), online_cpus: cpus().length },
    ...(Object.keys(networks).length ? { networks } : {}),
  };
}

/** One stats object as Docker sends it: this sample, the previous one as pre*. */
export function statsBody(rec: ContainerRecord, cur: StatsSample, prev: StatsSample | undefined): Record<string, unknown> {
  const { read: at, ...rest } = cur;
  return {
    read: at,
    preread: prev?.read ?? ZERO,
    ...rest,
    num_procs: 0,
    storage_stats: {},
    precpu_stats: prev?.cpu_stats ?? EMPTY_CPU,
    name: `/${rec.name}`,
    id: rec.id,
  };
}

export interface StatsOptions { stream: boolean; oneShot: boolean; signal?: AbortSignal }

/** The stats objects to send, one by one (streaming ends when the client leaves or the container is removed). */
export async function* containerStats(svc: ContainerService, ref: string, o: StatsOptions): AsyncGenerator<Record<string, unknown>> {
  const rec = svc.resolve(ref);
  let prev: StatsSample | undefined;
  if (!o.stream) {
    if (!o.oneShot) {
      prev = await sampleContainer(svc, rec);
      await sleep(100, o.signal);
    }
    yield statsBody(rec, await sampleContainer(svc, rec), prev);
    return;
  }
  while (!o.signal?.aborted && svc.records.has(rec.id)) {
    const cur = await sampleContainer(svc, rec);
    yield statsBody(rec, cur, prev);
    prev = cur;
    await sleep(1000, o.signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}
