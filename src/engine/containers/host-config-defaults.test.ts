import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withHostConfigDefaults, DEFAULT_SHM_SIZE } from './host-config-defaults.js';

const o = { logDriver: 'k8s-file', cgroupnsMode: 'host' as const, runtime: 'runc' };

test('empty values get dockerd\'s defaults', () => {
  // what docker run sends without flags
  const hc = withHostConfigDefaults({ NetworkMode: 'default', LogConfig: { Type: '', Config: {} }, ShmSize: 0, IpcMode: '', CgroupnsMode: '', RestartPolicy: { Name: '', MaximumRetryCount: 0 } }, o);
  assert.deepEqual(hc, {
    NetworkMode: 'default',
    LogConfig: { Type: 'k8s-file', Config: {} },
    ShmSize: DEFAULT_SHM_SIZE,
    IpcMode: 'private',
    CgroupnsMode: 'host',
    Runtime: 'runc',
    RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
  });
  assert.deepEqual(withHostConfigDefaults({}, o).LogConfig, { Type: 'k8s-file', Config: {} });
});

test('values the client set are kept', () => {
  const set = { NetworkMode: 'host', LogConfig: { Type: 'none', Config: { a: 'b' } }, ShmSize: 1024, IpcMode: 'host', CgroupnsMode: 'private', Runtime: 'crun', RestartPolicy: { Name: 'always', MaximumRetryCount: 0 } };
  assert.deepEqual(withHostConfigDefaults(set, o), set);
  assert.equal(withHostConfigDefaults({ Memory: 100 }, o).MemorySwap, 200);
  assert.equal(withHostConfigDefaults({ Memory: 100, MemorySwap: -1 }, o).MemorySwap, -1);
});
