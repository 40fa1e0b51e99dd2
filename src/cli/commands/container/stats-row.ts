// One `docker stats` row from the daemon's stats JSON, computed as the docker CLI does: CPU % from the cpu and
// system deltas against precpu, memory without the inactive file cache, network and block I/O summed. Pure.
import { bytesSize, humanSize } from '../../render/human-size.js';

interface CpuStats { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number }
export interface StatsJson {
  id: string;
  name: string;
  cpu_stats?: CpuStats;
  precpu_stats?: CpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  pids_stats?: { current?: number };
  blkio_stats?: { io_service_bytes_recursive?: Array<{ op: string; value: number }> | null };
  networks?: Record<string, { rx_bytes: number; tx_bytes: number }>;
}

export interface StatsRow { ID: string; Container: string; Name: string; CPUPerc: string; MemUsage: string; MemPerc: string; NetIO: string; BlockIO: string; PIDs: string }

export const STATS_TABLE = 'table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}';
export const STATS_HEADERS = { ID: 'CONTAINER ID', Container: 'CONTAINER', Name: 'NAME', CPUPerc: 'CPU %', MemUsage: 'MEM USAGE / LIMIT', MemPerc: 'MEM %', NetIO: 'NET I/O', BlockIO: 'BLOCK I/O', PIDs: 'PIDS' };

export function cpuPercent(s: StatsJson): number {
  const cpu = s.cpu_stats?.cpu_usage?.total_usage ?? 0;
  const pre = s.precpu_stats?.cpu_usage?.total_usage ?? 0;
  const sys = (s.cpu_stats?.system_cpu_usage ?? 0) - (s.precpu_stats?.system_cpu_usage ?? 0);
  const online = s.cpu_stats?.online_cpus || s.cpu_stats?.cpu_usage?.percpu_usage?.length || 0;
  const delta = cpu - pre;
  return sys > 0 && delta > 0 ? (delta / sys) * online * 100 : 0;
}

export function memoryUsage(s: StatsJson): number {
  const usage = s.memory_stats?.usage ?? 0;
  const st = s.memory_stats?.stats ?? {};
  const inactive = st.total_inactive_file ?? st.inactive_file ?? 0;
  return inactive < usage ? usage - inactive : usage;
}

export function statsRow(ref: string, s: StatsJson): StatsRow {
  const mem = memoryUsage(s);
  const limit = s.memory_stats?.limit ?? 0;
  const nets = Object.values(s.networks ?? {});
  const rx = nets.reduce((a, n) => a + n.rx_bytes, 0);
  const tx = nets.reduce((a, n) => a + n.tx_bytes, 0);
  const io = s.blkio_stats?.io_service_bytes_recursive ?? [];
  const sum = (op: string) => io.filter((e) => e.op.toLowerCase() === op).reduce((a, e) => a + e.value, 0);
  return {
    ID: s.id.slice(0, 12),
    Container: ref,
    Name: s.name.replace(/^\//, ''),
    CPUPerc: `${cpuPercent(s).toFixed(2)}%`,
    MemUsage: `${bytesSize(mem)} / ${bytesSize(limit)}`,
    MemPerc: `${(limit > 0 ? (mem / limit) * 100 : 0).toFixed(2)}%`,
    NetIO: `${humanSize(rx)} / ${humanSize(tx)}`,
    BlockIO: `${humanSize(sum('read'))} / ${humanSize(sum('write'))}`,
    PIDs: String(s.pids_stats?.current ?? 0),
  };
}
