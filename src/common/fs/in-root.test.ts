import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitPath } from './in-root.js';

test('splitPath cleans and splits', () => {
  assert.deepEqual(splitPath('/'), { parent: '/', name: '.' });
  assert.deepEqual(splitPath(''), { parent: '/', name: '.' });
  assert.deepEqual(splitPath('/etc/hostname'), { parent: '/etc', name: 'hostname' });
  assert.deepEqual(splitPath('etc/./x/'), { parent: '/etc', name: 'x' });
  assert.deepEqual(splitPath('/tmp/.'), { parent: '/tmp', name: '.' });
  assert.deepEqual(splitPath('/a/..'), { parent: '/a/..', name: '.' });
});
