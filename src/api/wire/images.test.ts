import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toImageInspect, toImageSummary, toHistoryItem } from './images.js';
import type { ImageConfig } from '../../image/image-config.js';

const d1 = 'sha256:' + '1'.repeat(64);
const config: ImageConfig = { architecture: 'amd64', os: 'linux', created: '2024-01-02T03:04:05Z', rootfs: { type: 'layers', diff_ids: [d1] } };

test('inspect fills Docker defaults: null commands, zero LastTagTime, LowerDir only with several layers', () => {
  const one = toImageInspect({ id: 'sha256:x', tags: [], digests: [], size: 5, config, layerDirs: ['/s/1/fs'], lastTagTime: undefined });
  assert.deepEqual(one.Config, { Env: null, Cmd: null, Entrypoint: null, WorkingDir: '', Labels: null });
  assert.deepEqual(one.GraphDriver, { Name: 'overlay2', Data: { UpperDir: '/s/1/fs' } });
  assert.equal(one.Metadata.LastTagTime, '0001-01-01T00:00:00Z');
  assert.equal(one.Comment, '');
  assert.equal('Variant' in one, false);
  const two = toImageInspect({ id: 'sha256:x', tags: ['a:1'], digests: [], size: 5, config: { ...config, config: { Cmd: ['sh'] } }, layerDirs: ['/s/2/fs', '/s/1/fs'], lastTagTime: 't' });
  assert.deepEqual(two.GraphDriver.Data, { UpperDir: '/s/2/fs', LowerDir: '/s/1/fs' });
  assert.deepEqual(two.Config.Cmd, ['sh']);
});

test('summary uses unix seconds, -1 for uncounted containers; history null tags when untagged', () => {
  const s = toImageSummary({ id: 'sha256:x', tags: [], digests: [], size: 7, config, containers: undefined, sharedSize: undefined });
  assert.equal(s.Created, Date.parse('2024-01-02T03:04:05Z') / 1000);
  assert.equal(s.Containers, -1);
  assert.equal(s.SharedSize, -1);
  assert.deepEqual(s.Labels, {});
  const counted = toImageSummary({ id: 'sha256:x', tags: [], digests: [], size: 7, config, containers: 2, sharedSize: 3 });
  assert.equal(counted.Containers, 2);
  assert.equal(counted.SharedSize, 3);
  assert.deepEqual(toHistoryItem({ id: undefined, created: undefined, createdBy: '', tags: [], size: 0, comment: '' }), {
    Id: '<missing>', Created: 0, CreatedBy: '', Tags: null, Size: 0, Comment: '',
  });
});
