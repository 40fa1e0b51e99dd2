import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDevice, parseUlimit, ramInBytes } from './resource-flags.js';

test('sizes, ulimits and devices parse as docker/cli does', () => {
  assert.equal(ramInBytes('memory', '64m'), 64 * 1024 * 1024);
  assert.equal(ramInBytes('memory', '1.5g'), 1.5 * 1024 ** 3);
  assert.equal(ramInBytes('memory', '512KB'), 512 * 1024);
  assert.equal(ramInBytes('memory', '1000'), 1000);
  assert.throws(() => ramInBytes('memory', 'lots'), /invalid argument "lots" for "--memory" flag: invalid size: 'lots'/);
  assert.deepEqual(parseUlimit('nofile=1024:2048'), { Name: 'nofile', Soft: 1024, Hard: 2048 });
  assert.deepEqual(parseUlimit('nproc=64'), { Name: 'nproc', Soft: 64, Hard: 64 });
  assert.throws(() => parseUlimit('nofile'), /invalid ulimit argument/);
  assert.deepEqual(parseDevice('/dev/fuse'), { PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' });
  assert.deepEqual(parseDevice('/dev/sda:/dev/xvda:r'), { PathOnHost: '/dev/sda', PathInContainer: '/dev/xvda', CgroupPermissions: 'r' });
});
