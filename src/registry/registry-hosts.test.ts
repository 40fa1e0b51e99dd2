import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryHosts, DOCKER_HUB_API_HOST } from './registry-hosts.js';

const hosts = (o: Partial<ConstructorParameters<typeof RegistryHosts>[0]> = {}) =>
  new RegistryHosts({ certsDir: '/nonexistent-certs-dir', insecureRegistries: [], mirrors: [], ...o });

test('loopback registries are insecure: https without verification first, then plain http', async () => {
  const eps = await hosts().endpoints('127.0.0.1:5000', 'pull');
  assert.deepEqual(eps.map((e) => e.base), ['https://127.0.0.1:5000', 'http://127.0.0.1:5000']);
  assert.equal(eps[0]!.tls?.rejectUnauthorized, false);
  for (const h of ['localhost:5000', '[::1]:5000', '127.1.2.3']) assert.ok(hosts().isInsecure(h), h);
});

test('other registries: https only, verified; --insecure-registry by host or CIDR', async () => {
  const eps = await hosts().endpoints('registry.example:443', 'pull');
  assert.deepEqual(eps.map((e) => e.base), ['https://registry.example:443']);
  assert.equal(eps[0]!.tls?.rejectUnauthorized, true);
  const h = hosts({ insecureRegistries: ['registry.example:443', '10.1.0.0/16', 'http://plain.example'] });
  assert.ok(h.isInsecure('registry.example:443'));
  assert.ok(h.isInsecure('10.1.200.3:5000'));
  assert.ok(!h.isInsecure('10.2.0.1:5000'));
  assert.ok(h.isInsecure('plain.example'));
});

test('docker.io goes to its API host, mirrors first for pulls only', async () => {
  const h = hosts({ mirrors: ['https://mirror.example/', 'http://127.0.0.1:5999'] });
  assert.deepEqual((await h.endpoints('docker.io', 'pull')).map((e) => [e.base, e.mirror]), [
    ['https://mirror.example', true],
    ['http://127.0.0.1:5999', true],
    [`https://${DOCKER_HUB_API_HOST}`, false],
  ]);
  assert.deepEqual((await h.endpoints('docker.io', 'push')).map((e) => e.base), [`https://${DOCKER_HUB_API_HOST}`]);
});

test('certs directory: a CA turns verification on even for an insecure host; client cert needs its key', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-certsd-'));
  try {
    await mkdir(join(dir, '127.0.0.1:5000'));
    await writeFile(join(dir, '127.0.0.1:5000', 'ca.crt'), 'CA PEM');
    await writeFile(join(dir, '127.0.0.1:5000', 'client.cert'), 'CERT');
    await writeFile(join(dir, '127.0.0.1:5000', 'client.key'), 'KEY');
    const [ep] = await hosts({ certsDir: dir }).endpoints('127.0.0.1:5000', 'pull');
    assert.equal(ep!.tls?.rejectUnauthorized, true);
    assert.ok(ep!.tls?.ca?.includes('CA PEM'));
    assert.equal(ep!.tls?.cert?.toString(), 'CERT');
    assert.equal(ep!.tls?.key?.toString(), 'KEY');
    await mkdir(join(dir, 'r.example'));
    await writeFile(join(dir, 'r.example', 'client.cert'), 'CERT');
    await assert.rejects(hosts({ certsDir: dir }).endpoints('r.example', 'pull'), /missing key client\.key/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the endpoint that answered last is tried first for its host', async () => {
  const h = hosts();
  const [, http] = await h.endpoints('127.0.0.1:5000', 'pull');
  h.remember(http!);
  assert.deepEqual((await h.endpoints('127.0.0.1:5000', 'pull')).map((e) => e.base), ['http://127.0.0.1:5000', 'https://127.0.0.1:5000']);
  assert.deepEqual((await h.endpoints('127.0.0.1:5001', 'pull')).map((e) => e.base), ['https://127.0.0.1:5001', 'http://127.0.0.1:5001']);
});
