import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpec, mergeEnv, withDefaults, DEFAULT_CAPABILITIES } from './build-spec.js';

const base = {
  rootfs: '/r', args: ['sh'], env: ['A=1'], cwd: '', user: { uid: 0, gid: 0, additionalGids: [0], home: '/root' }, hostname: 'abc',
  binds: [{ source: '/h/hosts', destination: '/etc/hosts' }], cgroupsPath: '/berth/x', nofileHard: 20000,
};

test('private network: new netns, hostname, loopback hook, Docker defaults', () => {
  const s = buildSpec({ ...base, network: { mode: 'private' }, loopbackHook: { path: '/usr/sbin/ip', args: ['ip', 'link', 'set', 'lo', 'up'] } }) as any;
  assert.ok(s.linux.namespaces.some((n: any) => n.type === 'network' && !n.path));
  assert.equal(s.hostname, 'abc');
  assert.equal(s.process.cwd, '/');
  assert.deepEqual(s.process.capabilities.bounding, DEFAULT_CAPABILITIES);
  assert.equal(DEFAULT_CAPABILITIES.length, 14);
  assert.deepEqual(s.process.rlimits, [{ type: 'RLIMIT_NOFILE', hard: 20000, soft: 1024 }]);
  assert.ok(s.linux.maskedPaths.includes('/proc/kcore'));
  assert.ok(s.mounts.find((m: any) => m.destination === '/sys').options.includes('ro'));
  assert.equal(s.hooks.createContainer[0].path, '/usr/sbin/ip');
  assert.equal(s.mounts.at(-1).destination, '/etc/hosts');
  assert.equal(s.process.env[0], 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
});

test('host network: no network namespace, no hostname, no hook', () => {
  const s = buildSpec({ ...base, network: { mode: 'host' }, loopbackHook: { path: '/x', args: [] } }) as any;
  assert.ok(!s.linux.namespaces.some((n: any) => n.type === 'network'));
  assert.equal(s.hostname, undefined);
  assert.equal(s.hooks, undefined);
});

test('env helpers: defaults and overrides', () => {
  assert.deepEqual(withDefaults(['PATH=/x'], '/root'), ['PATH=/x', 'HOME=/root']);
  assert.deepEqual(mergeEnv(['A=1', 'B=2'], ['A=3', 'C=4']), ['A=3', 'B=2', 'C=4']);
});

test('terminal, shm size, init, capabilities, resources and ulimits reach the spec', () => {
  const s = buildSpec({
    ...base,
    network: { mode: 'private' },
    terminal: true,
    consoleSize: { height: 30, width: 100 },
    shmSize: 1 << 20,
    initBinary: '/usr/bin/docker-init',
    capabilities: ['CAP_KILL'],
    resources: { memory: 64 << 20, pidsLimit: 5 },
    ulimits: [{ Name: 'nproc', Soft: 7, Hard: 8 }],
  }) as any;
  assert.equal(s.process.terminal, true);
  assert.deepEqual(s.process.consoleSize, { height: 30, width: 100 });
  assert.ok(s.mounts.find((m: any) => m.destination === '/dev/shm').options.includes('size=1048576'));
  assert.deepEqual(s.process.args, ['/dev/init', '--', 'sh']);
  assert.deepEqual(s.mounts.find((m: any) => m.destination === '/dev/init'), { destination: '/dev/init', type: 'bind', source: '/usr/bin/docker-init', options: ['bind', 'ro'] });
  assert.deepEqual(s.process.capabilities, { bounding: ['CAP_KILL'], effective: ['CAP_KILL'], permitted: ['CAP_KILL'] });
  assert.deepEqual(s.linux.resources.memory, { limit: 64 << 20 });
  assert.deepEqual(s.linux.resources.pids, { limit: 5 });
  assert.equal(s.linux.resources.devices[0].allow, false, 'the device allow-list stays');
  assert.deepEqual(s.process.rlimits.map((r: any) => r.type), ['RLIMIT_NOFILE', 'RLIMIT_NPROC']);
  const plain = buildSpec({ ...base, network: { mode: 'private' } }) as any;
  assert.equal(plain.process.terminal, false);
  assert.equal(plain.process.consoleSize, undefined);
  assert.equal(plain.linux.resources.memory, undefined);
  assert.ok(plain.mounts.find((m: any) => m.destination === '/dev/shm').options.includes('size=67108864'));
});
