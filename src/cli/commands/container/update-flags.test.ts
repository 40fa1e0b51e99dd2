import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBytes, parseNanoCpus, parseRestartPolicy } from './update-flags.js';

test('update flag values', () => {
  assert.equal(parseBytes('64m'), 64 * 1024 * 1024);
  assert.equal(parseBytes('1g'), 1024 ** 3);
  assert.equal(parseBytes('512'), 512);
  assert.equal(parseBytes('-1'), -1);
  assert.throws(() => parseBytes('lots'));
  assert.equal(parseNanoCpus('0.5'), 500_000_000);
  assert.deepEqual(parseRestartPolicy('on-failure:3'), { Name: 'on-failure', MaximumRetryCount: 3 });
  assert.deepEqual(parseRestartPolicy('always'), { Name: 'always', MaximumRetryCount: 0 });
});
