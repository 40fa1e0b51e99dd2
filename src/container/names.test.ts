import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateName, generateName, resolveRef } from './names.js';
import { errorCode } from '../errors.js';

test('container names follow docker rules', () => {
  assert.equal(validateName('/web'), 'web');
  assert.equal(validateName('a.b_c-d'), 'a.b_c-d');
  for (const bad of ['', 'a', '-web', 'we b', 'web/x', '_x', 'ü1']) {
    assert.throws(() => validateName(bad), (e) => errorCode(e) === 'ERR_INVALID_CONTAINER_NAME', bad);
  }
  assert.throws(() => validateName('x!'), /Invalid container name \(x!\), only \[a-zA-Z0-9\]\[a-zA-Z0-9_.-\] are allowed/);
});

test('generated names avoid taken ones', () => {
  const taken = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const n = generateName((x) => taken.has(x));
    assert.ok(!taken.has(n));
    taken.add(validateName(n));
  }
});

test('references resolve by full ID, then name, then unique ID prefix', () => {
  const ids = ['abc123', 'abd456', 'ff00'];
  const names = new Map([['web', 'abd456'], ['ff00', 'abc123'], ['abc', 'ff00']]);
  const index = { hasId: (id: string) => ids.includes(id), idOfName: (n: string) => names.get(n), ids: () => ids };
  assert.equal(resolveRef('abc123', index), 'abc123');
  assert.equal(resolveRef('web', index), 'abd456');
  assert.equal(resolveRef('/web', index), 'abd456');
  assert.equal(resolveRef('ff00', index), 'ff00', 'a full ID wins over a name');
  assert.equal(resolveRef('abc', index), 'ff00', 'a name wins over an ID prefix');
  assert.equal(resolveRef('abd', index), 'abd456');
  assert.equal(resolveRef('f', index), 'ff00');
  assert.throws(() => resolveRef('ab', index), (e) => errorCode(e) === 'ERR_AMBIGUOUS_REFERENCE' && /multiple IDs found with provided prefix: ab/.test(String(e)));
  assert.equal(resolveRef('zz', index), undefined);
  assert.equal(resolveRef('', index), undefined);
  assert.equal(resolveRef('nope', index), undefined);
});
