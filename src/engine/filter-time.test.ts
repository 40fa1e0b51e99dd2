import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFilterTime } from './filter-time.js';

test('filter times: unix seconds, RFC 3339, Go durations; garbage refused', () => {
  const now = 1_700_000_000_000;
  assert.equal(parseFilterTime('1700000000', now), 1_700_000_000_000);
  assert.equal(parseFilterTime('1700000000.5', now), 1_700_000_000_500);
  assert.equal(parseFilterTime('2024-01-02T03:04:05Z', now), Date.parse('2024-01-02T03:04:05Z'));
  assert.equal(parseFilterTime('2024-01-02', now), Date.parse('2024-01-02T00:00:00Z'));
  assert.equal(parseFilterTime('1h30m', now), now - 5_400_000);
  assert.equal(parseFilterTime('10s', now), now - 10_000);
  for (const bad of ['', 'yesterday', '10x', '-5m']) assert.throws(() => parseFilterTime(bad, now), /failed to parse value as time or duration/);
});
