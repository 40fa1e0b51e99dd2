import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ociResources, rlimits } from './resources.js';

test('Docker resource flags become linux.resources', () => {
  assert.deepEqual(ociResources({}), {});
  assert.deepEqual(ociResources({ memory: 64 << 20, memorySwap: 128 << 20, pidsLimit: 10, nanoCpus: 1.5e9, cpuShares: 512, cpusetCpus: '0' }), {
    memory: { limit: 64 << 20, swap: 128 << 20 },
    cpu: { period: 100000, quota: 150000, shares: 512, cpus: '0' },
    pids: { limit: 10 },
  });
  assert.deepEqual(ociResources({ memory: 64 << 20, memorySwap: -1 }), { memory: { limit: 64 << 20, swap: -1 } });
  assert.deepEqual(ociResources({ cpuQuota: 25000, cpuPeriod: 100000, pidsLimit: -1 }), { cpu: { quota: 25000, period: 100000 } });
  assert.throws(() => ociResources({ memory: 1024 }), /Minimum memory limit allowed is 6MB/);
  assert.throws(() => ociResources({ memory: 64 << 20, memorySwap: 32 << 20 }), /memoryswap limit should be larger/);
  assert.throws(() => ociResources({ nanoCpus: 1e9, cpuQuota: 1000 }), /Nano CPUs and CPU Period cannot both be set/);
});

test('ulimits: nofile default clamped to the daemon\'s hard limit, overridable', () => {
  assert.deepEqual(rlimits([], 20000), [{ type: 'RLIMIT_NOFILE', soft: 1024, hard: 20000 }]);
  assert.deepEqual(rlimits([], 1048576), [{ type: 'RLIMIT_NOFILE', soft: 1024, hard: 524288 }]);
  assert.deepEqual(rlimits([{ Name: 'nofile', Soft: 10, Hard: 20 }, { Name: 'nproc', Soft: 5, Hard: 5 }], 1048576), [
    { type: 'RLIMIT_NOFILE', soft: 10, hard: 20 },
    { type: 'RLIMIT_NPROC', soft: 5, hard: 5 },
  ]);
  assert.throws(() => rlimits([{ Name: 'nofile', Soft: 30, Hard: 20 }], 100), /soft limit must be less than or equal to hard limit/);
});
