import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifest, parsePlatform, parsePlatformParam, selectPlatform, MEDIA_TYPES, type ImageIndex } from './manifest.js';
import { errorCode } from '../errors.js';

const d = (arch: string, variant?: string, os = 'linux') => ({
  mediaType: MEDIA_TYPES.ociManifest,
  digest: `sha256:${arch.padEnd(64, '0').slice(0, 64).replace(/[^a-f0-9]/g, 'a')}`,
  size: 1,
  platform: { os, architecture: arch, ...(variant ? { variant } : {}) },
});
const index = (...m: ReturnType<typeof d>[]): ImageIndex => ({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: m });

test('selects linux/amd64 among several platforms', () => {
  const idx = index(d('arm', 'v7'), d('amd64'), d('arm64', 'v8'), d('amd64', undefined, 'windows'));
  assert.equal(selectPlatform(idx, parsePlatform('linux/amd64')), idx.manifests[1]);
  assert.equal(selectPlatform(idx, parsePlatform('linux/arm64')), idx.manifests[2]);
  assert.equal(selectPlatform(idx, parsePlatform('linux/arm/v7')), idx.manifests[0]);
  assert.equal(selectPlatform(idx, parsePlatform('x86_64')), idx.manifests[1]);
});

test('no entry for the platform: a clear error naming what is there', () => {
  const idx = index(d('arm64'), d('s390x'));
  assert.throws(() => selectPlatform(idx, parsePlatform('linux/amd64')), (e: Error) => {
    assert.equal(errorCode(e), 'ERR_NO_MATCHING_PLATFORM');
    assert.match(e.message, /no matching manifest for linux\/amd64 in the manifest list entries/);
    assert.match(e.message, /linux\/arm64, linux\/s390x/);
    return true;
  });
  assert.throws(() => selectPlatform(index(d('arm', 'v6')), parsePlatform('linux/arm/v7')), /no matching manifest for linux\/arm\/v7/);
});

test('classifies manifests and indexes, refuses schema1', () => {
  const m = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.dockerManifest, config: { digest: 'x' }, layers: [] }));
  assert.equal(parseManifest(m, undefined, 'r').kind, 'manifest');
  const i = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [] }));
  const p = parseManifest(i, MEDIA_TYPES.ociIndex, 'r');
  assert.equal(p.kind, 'index');
  const s1 = Buffer.from(JSON.stringify({ schemaVersion: 1, name: 'x', fsLayers: [] }));
  assert.throws(() => parseManifest(s1, MEDIA_TYPES.schema1Signed, 'old:1'), (e: Error) => errorCode(e) === 'ERR_UNSUPPORTED_MANIFEST' && /schema 1/.test(e.message));
  assert.throws(() => parseManifest(Buffer.from('{}'), 'text/plain', 'r'), /unsupported manifest media type/);
});

test('platform strings', () => {
  assert.deepEqual(parsePlatform('linux/amd64'), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(parsePlatform('linux/arm64/v8'), { os: 'linux', architecture: 'arm64', variant: 'v8' });
  assert.deepEqual(parsePlatform('arm64'), { os: 'linux', architecture: 'arm64' });
  assert.throws(() => parsePlatform('linux//'));
});

test('the API platform parameter: os/arch strings (pull) and OCI platform JSON (push)', () => {
  assert.deepEqual(parsePlatformParam('linux/amd64'), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(parsePlatformParam('{"architecture":"arm","os":"linux","variant":"v7"}'), { os: 'linux', architecture: 'arm', variant: 'v7' });
  assert.deepEqual(parsePlatformParam('{"architecture":"x86_64","os":"linux"}'), { os: 'linux', architecture: 'amd64' });
  assert.throws(() => parsePlatformParam('{"os":"linux"}'), /invalid platform/);
  assert.throws(() => parsePlatformParam('{not json'), /invalid platform/);
});
