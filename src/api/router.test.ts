import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Router } from './router.js';

test('router matches params, greedy names and methods', () => {
  const r = new Router();
  const a = () => {};
  const b = () => {};
  r.get('/containers/:id/json', a).get('/images/*name/json', b);
  const m1 = r.match('GET', '/containers/abc/json');
  assert.ok(m1 && m1 !== 'method');
  assert.equal(m1.handler, a);
  assert.deepEqual(m1.params, { id: 'abc' });
  const m2 = r.match('GET', '/images/127.0.0.1:5000/team/app:1.2/json');
  assert.ok(m2 && m2 !== 'method');
  assert.deepEqual(m2.params, { name: '127.0.0.1:5000/team/app:1.2' });
  assert.equal(r.match('POST', '/containers/abc/json'), 'method');
  assert.equal(r.match('GET', '/nope'), undefined);
  const m3 = r.match('HEAD', '/containers/x/json');
  assert.ok(m3 && m3 !== 'method');
});
