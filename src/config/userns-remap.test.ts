import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextFreeStart, parseSubIds, rangeOf } from './userns-remap.js';

test('subordinate ID files: ranges by name or numeric ID, comments and junk skipped', () => {
  const ranges = parseSubIds('# ranges\nalice:100000:65536\n1001:165536:65536\nbroken line\nbob:x:1\n');
  assert.deepEqual(ranges, [
    { owner: 'alice', start: 100000, count: 65536 },
    { owner: '1001', start: 165536, count: 65536 },
  ]);
  assert.equal(rangeOf(ranges, 'alice')?.start, 100000);
  assert.equal(rangeOf(ranges, 'carol', 1001)?.start, 165536);
  assert.equal(rangeOf(ranges, 'carol', 1002), undefined);
});

test('a new range starts after every existing one, never below 100000', () => {
  assert.equal(nextFreeStart([]), 100000);
  assert.equal(nextFreeStart(parseSubIds('a:100000:65536\nb:300000:1000\n')), 301000);
  assert.equal(nextFreeStart(parseSubIds('a:1000:10\n')), 100000);
});
