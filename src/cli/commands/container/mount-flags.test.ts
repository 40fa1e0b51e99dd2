import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesOf, mountFlags, parseMountFlag } from './mount-flags.js';

test('--mount values as docker/cli parses them', () => {
  assert.deepEqual(parseMountFlag('type=bind,src=/srv,dst=/www,readonly'), { Type: 'bind', Source: '/srv', Target: '/www', ReadOnly: true });
  assert.deepEqual(parseMountFlag('source=data,target=/d,volume-nocopy,volume-label=a=b'), { Type: 'volume', Source: 'data', Target: '/d', VolumeOptions: { NoCopy: true, Labels: { a: 'b' } } });
  assert.deepEqual(parseMountFlag('type=tmpfs,target=/t,tmpfs-size=64m,tmpfs-mode=1777'), { Type: 'tmpfs', Target: '/t', TmpfsOptions: { SizeBytes: 64 << 20, Mode: 0o1777 } });
  assert.throws(() => parseMountFlag('type=bind,src'), /must be a key=value pair/);
  assert.throws(() => parseMountFlag('color=red'), /unexpected key 'color'/);
});

test('-v splits into anonymous volumes and binds; --tmpfs into a map; sizes', () => {
  assert.deepEqual(mountFlags(['/anon', 'data:/d:ro'], [], ['/run:size=1m', '/tmp']), { volumes: { '/anon': {} }, binds: ['data:/d:ro'], mounts: [], tmpfs: { '/run': 'size=1m', '/tmp': '' } });
  assert.equal(bytesOf('1.5g'), 1.5 * 1024 ** 3);
  assert.throws(() => bytesOf('lots'), /invalid size/);
});
