import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGoDuration } from './go-duration.js';

test('parseGoDuration: Go units, fractions, sums, sign; errors', () => {
  assert.equal(parseGoDuration('2s'), 2e9);
  assert.equal(parseGoDuration('1.5s'), 1.5e9);
  assert.equal(parseGoDuration('1h2m3s'), 3723e9);
  assert.equal(parseGoDuration('300ms'), 3e8);
  assert.equal(parseGoDuration('-1s'), -1e9);
  assert.equal(parseGoDuration('0'), 0);
  assert.throws(() => parseGoDuration('5'), /missing unit in duration "5"/);
  assert.throws(() => parseGoDuration('abc'), /invalid duration "abc"/);
  assert.throws(() => parseGoDuration(''), /invalid duration/);
});
