import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpose, parsePublish } from './publish-spec.js';

test('-p forms: container only, host:container, ip:host:container, ip::container, udp, ranges', () => {
  const r = parsePublish(['80', '8080:81', '127.0.0.1:9000:82/tcp', '127.0.0.1::83', '5353:53/udp', '7000-7001:7000-7001', '9100-9105:90']);
  assert.deepEqual(r.bindings['80/tcp'], [{ HostIp: '', HostPort: '' }]);
  assert.deepEqual(r.bindings['81/tcp'], [{ HostIp: '', HostPort: '8080' }]);
  assert.deepEqual(r.bindings['82/tcp'], [{ HostIp: '127.0.0.1', HostPort: '9000' }]);
  assert.deepEqual(r.bindings['83/tcp'], [{ HostIp: '127.0.0.1', HostPort: '' }]);
  assert.deepEqual(r.bindings['53/udp'], [{ HostIp: '', HostPort: '5353' }]);
  assert.deepEqual(r.bindings['7001/tcp'], [{ HostIp: '', HostPort: '7001' }]);
  assert.deepEqual(r.bindings['90/tcp'], [{ HostIp: '', HostPort: '9100-9105' }]);
  assert.ok('53/udp' in r.exposed);
});

test('bad -p and --expose specs are refused', () => {
  assert.throws(() => parsePublish(['80/xyz']), /invalid proto/);
  assert.throws(() => parsePublish(['a:b:c:d']), /invalid port format/);
  assert.throws(() => parsePublish(['70000']), /invalid containerPort/);
  assert.throws(() => parsePublish(['7000-7002:8000-8001']), /invalid ranges/);
  assert.deepEqual(parseExpose(['80', '90-91/udp']), { '80/tcp': {}, '90/udp': {}, '91/udp': {} });
});
