import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorResponse } from './errors.js';
import { BerthError, noSuchContainer, nameInUse, invalidArgument } from '../../errors.js';

test('error kinds map to Docker status codes', () => {
  assert.equal(errorResponse(noSuchContainer('x')).status, 404);
  assert.equal(errorResponse(noSuchContainer('x')).message, 'No such container: x');
  assert.equal(errorResponse(nameInUse('web', 'abc')).status, 409);
  assert.equal(errorResponse(invalidArgument('bad')).status, 400);
  assert.equal(errorResponse(new BerthError('not-modified', 'ERR_X', 'already started')).status, 304);
});

test('wrapped errors are classified through their cause chain', () => {
  const wrapped = new Error('outer', { cause: noSuchContainer('y') });
  assert.equal(errorResponse(wrapped).status, 404);
});

test('unknown errors are 500 and flagged unexpected; ENOSPC is 507', () => {
  const r = errorResponse(new Error('boom'));
  assert.deepEqual([r.status, r.unexpected], [500, true]);
  const enospc = Object.assign(new Error('write failed'), { code: 'ENOSPC' });
  assert.equal(errorResponse(enospc).status, 507);
});
