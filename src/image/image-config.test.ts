import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chainIds, parseImageConfig } from './image-config.js';

const d1 = 'sha256:' + '1'.repeat(64);
const d2 = 'sha256:' + '2'.repeat(64);
const d3 = 'sha256:' + '3'.repeat(64);

test('chain IDs follow the OCI definition', () => {
  const c2 = 'sha256:' + createHash('sha256').update(`${d1} ${d2}`).digest('hex');
  const c3 = 'sha256:' + createHash('sha256').update(`${c2} ${d3}`).digest('hex');
  assert.deepEqual(chainIds([d1, d2, d3]), [d1, c2, c3]);
  assert.deepEqual(chainIds([]), []);
});

test('parseImageConfig refuses configs without valid diff IDs', () => {
  assert.throws(() => parseImageConfig('{}'), /rootfs/);
  assert.throws(() => parseImageConfig(JSON.stringify({ rootfs: { type: 'layers', diff_ids: ['sha256:xyz'] } })), /bad diff ID/);
  assert.equal(parseImageConfig(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [d1] } })).rootfs.diff_ids.length, 1);
});
