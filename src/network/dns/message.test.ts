import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerAddresses, buildAnswer, buildQuery, parseQuery } from './message.js';

test('a query round-trips through parse and answer', () => {
  const query = buildQuery(0x1234, 'Web.Example');
  const q = parseQuery(query)!;
  assert.equal(q.id, 0x1234);
  assert.equal(q.name, 'web.example');
  assert.equal(q.type, 1);
  const ans = buildAnswer(query, q, ['10.89.0.2', '10.89.0.3'], true);
  assert.equal(ans.readUInt16BE(0), 0x1234);
  assert.ok(ans.readUInt16BE(2) & 0x8000);
  assert.deepEqual(answerAddresses(ans), { rcode: 0, addresses: ['10.89.0.2', '10.89.0.3'] });
});

test('unknown name: NXDOMAIN with no answers; garbage is not a query', () => {
  const query = buildQuery(7, 'nothere');
  const ans = buildAnswer(query, parseQuery(query)!, [], true);
  assert.deepEqual(answerAddresses(ans), { rcode: 3, addresses: [] });
  assert.equal(parseQuery(Buffer.from([1, 2, 3])), undefined);
  const truncated = query.subarray(0, 15);
  assert.equal(parseQuery(truncated), undefined);
});
