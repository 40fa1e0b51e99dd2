import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, splitVersion, versionError } from './version.js';

test('compareVersions orders numerically, not lexically', () => {
  assert.equal(compareVersions('1.9', '1.10'), -1);
  assert.equal(compareVersions('1.51', '1.51'), 0);
  assert.equal(compareVersions('1.51', '1.24'), 1);
});

test('splitVersion strips a /vX.Y prefix', () => {
  assert.deepEqual(splitVersion('/v1.47/containers/json'), { version: '1.47', path: '/containers/json' });
  assert.deepEqual(splitVersion('/_ping'), { version: undefined, path: '/_ping' });
  assert.deepEqual(splitVersion('/vx/containers'), { version: undefined, path: '/vx/containers' });
});

test('versionError uses Docker wording at both ends and accepts the range', () => {
  assert.match(versionError('1.52')!, /client version 1.52 is too new. Maximum supported API version is 1.51/);
  assert.match(versionError('1.12')!, /too old. Minimum supported API version is 1.24/);
  assert.equal(versionError('1.24'), undefined);
  assert.equal(versionError('1.51'), undefined);
  assert.equal(versionError('1.41'), undefined);
});
