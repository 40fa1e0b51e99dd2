// Parsers for the cgroup and procfs files `docker stats` is made of (cgroup v1 and v2), and the mapping of a v2
// memory.stat onto Docker's keys. Pure.

/** `key value` lines (memory.stat, cpu.stat) → numbers. */
export function keyValues(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k && v !== undefined && /^-?\d+$/.test(v)) out[k] = Number(v);
  }
  return out;
}

/** A number file (`max` → undefined). */
export function numberFile(text: string): number | undefined {
  const t = text.trim().split(/\s+/)[0] ?? '';
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

/** /proc/stat's first line → total CPU time in nanoseconds (USER_HZ 100), as Docker's system_cpu_usage. */
export function systemCpuNs(procStat: string): number {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return 0;
  const ticks = line.trim().split(/\s+/).slice(1, 8).reduce((a, b) => a + Number(b), 0);
  return ticks * (1e9 / 100);
}

export interface BlkioEntry { major: number; minor: number; op: string; value: number }

/** blkio.throttle.io_service_bytes(_recursive) (v1): `8:0 Read 123` lines. */
export function blkioV1(text: string): BlkioEntry[] {
  const out: BlkioEntry[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+):(\d+)\s+(\w+)\s+(\d+)$/.exec(line.trim());
    if (m) out.push({ major: Number(m[1]), minor: Number(m[2]), op: m[3]!.toLowerCase(), value: Number(m[4]) });
  }
  return out;
}

/** io.stat (v2): `8:0 rbytes=1 wbytes=2 …` → read/write entries as Docker reports them. */
export function ioStatV2(text: string): BlkioEntry[] {
  const out: BlkioEntry[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+):(\d+)\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const kv = Object.fromEntries(m[3]!.split(/\s+/).map((p) => p.split('=')));
    out.push({ major: Number(m[1]), minor: Number(m[2]), op: 'read', value: Number(kv.rbytes ?? 0) });
    out.push({ major: Number(m[1]), minor: Number(m[2]), op: 'write', value: Number(kv.wbytes ?? 0) });
  }
  return out;
}

export interface NetStats { rx_bytes: number; rx_packets: number; rx_errors: number; rx_dropped: number; tx_bytes: number; tx_packets: number; tx_errors: number; tx_dropped: number }

/** /proc/<pid>/net/dev → per interface (loopback left out, as Docker does). */
export function netDev(text: string): Record<string, NetStats> {
  const out: Record<string, NetStats> = {};
  for (const line of text.split('\n').slice(2)) {
    const m = /^\s*([^:]+):\s*(.*)$/.exec(line);
    if (!m || m[1] === 'lo') continue;
    const f = m[2]!.trim().split(/\s+/).map(Number);
    out[m[1]!] = { rx_bytes: f[0]!, rx_packets: f[1]!, rx_errors: f[2]!, rx_dropped: f[3]!, tx_bytes: f[8]!, tx_packets: f[9]!, tx_errors: f[10]!, tx_dropped: f[11]! };
  }
  return out;
}
