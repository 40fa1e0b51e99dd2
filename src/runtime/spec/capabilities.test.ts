import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capabilities, DEFAULT_CAPABILITIES, ALL_CAPABILITIES } from './capabilities.js';
import { errorCode } from '../../errors.js';

test('cap-add / cap-drop over Docker\'s 14 defaults, ALL on either side', () => {
  assert.equal(DEFAULT_CAPABILITIES.length, 14);
  assert.deepEqual(capabilities(), DEFAULT_CAPABILITIES);
  assert.deepEqual(capabilities(['net_admin']), [...DEFAULT_CAPABILITIES, 'CAP_NET_ADMIN']);
  assert.deepEqual(capabilities([], ['CAP_CHOWN', 'kill']), DEFAULT_CAPABILITIES.filter((c) => c !== 'CAP_CHOWN' && c !== 'CAP_KILL'));
  assert.deepEqual(capabilities(['NET_BIND_SERVICE'], ['ALL']), ['CAP_NET_BIND_SERVICE'], 'drop ALL, then add back');
  assert.deepEqual(capabilities(['ALL'], ['MKNOD']), ALL_CAPABILITIES.filter((c) => c !== 'CAP_MKNOD'));
  assert.deepEqual(capabilities(['chown'], []), DEFAULT_CAPABILITIES, 'adding a default changes nothing');
  assert.deepEqual(capabilities([], [], true), ALL_CAPABILITIES);
});

test('unknown capabilities are Docker\'s 400', () => {
  assert.throws(() => capabilities(['FOO']), (e) => errorCode(e) === 'ERR_INVALID_ARGUMENT' && (e as Error).message === 'unknown capability: "CAP_FOO"');
  assert.throws(() => capabilities([], ['cap_bar']), /unknown capability: "CAP_BAR"/);
});
