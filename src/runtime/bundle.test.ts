import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overlayOptions } from './bundle.js';

test('overlay options: absolute while they fit in a page, relative to the layers\' parent beyond', () => {
  const few = overlayOptions({ lowerDirs: ['/s/2/fs', '/s/1/fs'], upperDir: '/c/x/upper', workDir: '/c/x/work' });
  assert.deepEqual(few, { data: 'lowerdir=/s/2/fs:/s/1/fs,upperdir=/c/x/upper,workdir=/c/x/work' });
  const lowers = Array.from({ length: 300 }, (_, i) => `/var/lib/berth/snapshots/${300 - i}/fs`);
  const many = overlayOptions({ lowerDirs: lowers, upperDir: '/c/x/upper', workDir: '/c/x/work' });
  assert.equal(many.cwd, '/var/lib/berth/snapshots');
  assert.ok(many.data.startsWith('lowerdir=300/fs:299/fs:'));
  assert.ok(many.data.endsWith(':1/fs,upperdir=/c/x/upper,workdir=/c/x/work'));
  assert.ok(many.data.length < 4000, String(many.data.length));
});
