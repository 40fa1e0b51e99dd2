import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statsRow } from './stats-row.js';

test('statsRow computes CPU %, memory without inactive file cache, I/O sums', () => {
  const row = statsRow('web', {
    id: '0123456789abcdef', name: '/web',
    cpu_stats: { cpu_usage: { total_usage: 300 }, system_cpu_usage: 2000, online_cpus: 2 },
    precpu_stats: { cpu_usage: { total_usage: 100 }, system_cpu_usage: 1000 },
    memory_stats: { usage: 4 * 1024 * 1024, limit: 64 * 1024 * 1024, stats: { total_inactive_file: 1024 * 1024 } },
    pids_stats: { current: 3 },
    blkio_stats: { io_service_bytes_recursive: [{ op: 'Read', value: 2000 }, { op: 'Write', value: 0 }] },
    networks: { eth0: { rx_bytes: 1280, tx_bytes: 586 } },
  });
  assert.deepEqual(row, { ID: '0123456789ab', Container: 'web', Name: 'web', CPUPerc: '40.00%', MemUsage: '3MiB / 64MiB', MemPerc: '4.69%', NetIO: '1.28kB / 586B', BlockIO: '2kB / 0B', PIDs: '3' });
});
