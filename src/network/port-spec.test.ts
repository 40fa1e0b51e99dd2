import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHostPort, parsePortKey, portRequests } from './port-spec.js';

test('port keys', () => {
  assert.deepEqual(parsePortKey('80/tcp'), { port: 80, protocol: 'tcp' });
  assert.deepEqual(parsePortKey('53/udp'), { port: 53, protocol: 'udp' });
  assert.deepEqual(parsePortKey('8080'), { port: 8080, protocol: 'tcp' });
  assert.throws(() => parsePortKey('0/tcp'));
  assert.throws(() => parsePortKey('70000/tcp'));
  assert.throws(() => parsePortKey('80/xyz'));
});

test('host ports: fixed, empty (random), range', () => {
  assert.deepEqual(parseHostPort('8080'), [8080]);
  assert.deepEqual(parseHostPort(''), [0]);
  assert.deepEqual(parseHostPort('8000-8002'), [8000, 8001, 8002]);
  assert.throws(() => parseHostPort('9-1'));
  assert.throws(() => parseHostPort('abc'));
});

test('bindings plus -P for exposed ports not already bound', () => {
  const r = portRequests({ '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] }, { '80/tcp': {}, '53/udp': {} }, true);
  assert.deepEqual(r.map((x) => [x.containerPort, x.protocol, x.hostIp, x.hostPort]), [
    [80, 'tcp', '127.0.0.1', 0],
    [53, 'udp', '', 0],
  ]);
  assert.deepEqual(portRequests(undefined, { '80/tcp': {} }, false), []);
});
