import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFilters, queryBool, queryInt, checkFilterKeys } from './query.js';

test('queryBool follows Docker truthiness', () => {
  const q = new URLSearchParams('a=1&b=0&c=true&d=False&e=&f=yes');
  assert.deepEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => queryBool(q, k)), [true, false, true, false, false, true, false]);
});

test('queryInt rejects non-integers', () => {
  assert.equal(queryInt(new URLSearchParams('t=5'), 't'), 5);
  assert.equal(queryInt(new URLSearchParams(''), 't'), undefined);
  assert.throws(() => queryInt(new URLSearchParams('t=x'), 't'), /invalid value for t/);
});

test('parseFilters reads both filter encodings', () => {
  assert.deepEqual(parseFilters('{"label":{"a=b":true,"c":false},"status":["exited"]}'), { label: ['a=b'], status: ['exited'] });
  assert.deepEqual(parseFilters(null), {});
  assert.throws(() => parseFilters('{bad'), /invalid filter/);
  assert.throws(() => checkFilterKeys({ nope: [] }, ['label']), /invalid filter 'nope'/);
});
