import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ipam } from './ipam.js';
import { parseIp, parseSubnet, overlaps, formatSubnet } from './ipv4.js';

const net = (s: string) => parseSubnet(s)!;

test('allocates after the gateway, never network/broadcast/gateway, no duplicates', () => {
  const ipam = new Ipam(net('10.89.0.0/29'), parseIp('10.89.0.1')!);
  const got = [1, 2, 3, 4, 5].map(() => ipam.allocate());
  assert.deepEqual(got, ['10.89.0.2', '10.89.0.3', '10.89.0.4', '10.89.0.5', '10.89.0.6']);
  assert.throws(() => ipam.allocate(), /no available IPv4 addresses/);
  ipam.release('10.89.0.4');
  assert.equal(ipam.allocate(), '10.89.0.4');
});

test('static addresses: inside the subnet, free, not the gateway', () => {
  const ipam = new Ipam(net('10.89.0.0/24'), parseIp('10.89.0.1')!);
  assert.equal(ipam.allocate('10.89.0.10'), '10.89.0.10');
  assert.throws(() => ipam.allocate('10.89.0.10'), /Address already in use/);
  assert.throws(() => ipam.allocate('10.89.0.1'), /Address already in use/);
  assert.throws(() => ipam.allocate('10.90.0.5'), /no configured subnet/);
  assert.throws(() => ipam.allocate('nope'), /invalid IP address/);
});

test('ip-range limits dynamic allocation; reserve() restores leases', () => {
  const ipam = new Ipam(net('10.89.0.0/24'), parseIp('10.89.0.1')!, net('10.89.0.128/30'));
  ipam.reserve('10.89.0.128');
  assert.equal(ipam.allocate(), '10.89.0.129');
  assert.equal(ipam.allocate(), '10.89.0.130');
  assert.equal(ipam.allocate(), '10.89.0.131');
  assert.throws(() => ipam.allocate());
});

test('subnet parsing and overlap', () => {
  assert.equal(parseSubnet('10.89.0.1/24'), undefined);
  assert.equal(formatSubnet(parseSubnet('10.89.0.1/24', true)!), '10.89.0.0/24');
  assert.ok(overlaps(net('10.0.0.0/8'), net('10.89.0.0/24')));
  assert.ok(!overlaps(net('10.88.0.0/16'), net('10.89.0.0/24')));
  assert.equal(parseIp('256.1.1.1'), undefined);
});
