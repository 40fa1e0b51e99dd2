import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdMapError, ociMappings, toContainer, toHost } from './id-map.js';

const map = { uid: 100000, gid: 200000, size: 65536 };

test('container IDs shift into the range and back', () => {
  assert.deepEqual(toHost(map, 0, 0), { uid: 100000, gid: 200000 });
  assert.deepEqual(toHost(map, 1000, 50), { uid: 101000, gid: 200050 });
  assert.deepEqual(toContainer(map, 101000, 200050), { uid: 1000, gid: 50 });
  assert.deepEqual(toContainer(map, 165535, 265535), { uid: 65535, gid: 65535 });
});

test('IDs outside the range: refused towards the host, nobody towards the container', () => {
  assert.throws(() => toHost(map, 65536, 0), (e: unknown) => e instanceof IdMapError && /Container ID 65536 cannot be mapped to a host ID/.test(e.message));
  assert.throws(() => toHost(map, 0, -1), IdMapError);
  assert.deepEqual(toContainer(map, 0, 0), { uid: 65534, gid: 65534 });
  assert.deepEqual(toContainer(map, 165536, 199999), { uid: 65534, gid: 65534 });
});

test('OCI mappings', () => {
  assert.deepEqual(ociMappings(map), {
    uidMappings: [{ containerID: 0, hostID: 100000, size: 65536 }],
    gidMappings: [{ containerID: 0, hostID: 200000, size: 65536 }],
  });
});
