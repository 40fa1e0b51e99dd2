import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateName, generateName } from './names.js';
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
