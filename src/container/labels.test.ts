import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelsMatch } from './labels.js';

test('label terms: presence, value, negation, all must hold', () => {
  const l = { a: 'b', empty: '' };
  const cases: Array<[string[], boolean]> = [
    [[], true],
    [['a'], true],
    [['a=b'], true],
    [['a=c'], false],
    [['empty'], true],
    [['empty='], true],
    [['x'], false],
    [['!x'], true],
    [['!a'], false],
    [['!a=c'], true],
    [['a', 'a=b', '!x'], true],
    [['a', 'x'], false],
    [['constructor'], false],
  ];
  for (const [w, want] of cases) assert.equal(labelsMatch(l, w), want, JSON.stringify(w));
});
