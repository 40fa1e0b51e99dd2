import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitPath } from './in-root.js';

test('splitPath cleans and splits', () => {
  assert.deepEqual(splitPath('/'), { parent: '/', name: '.' });
  assert.deepEqual(splitPath(''), { parent: '/', name: '.' });
  assert.deepEqual(splitPath('/etc/hostname'), { parent: '/etc', name: 'hostname' });
  assert.deepEqual(splitPath('etc/./x/'), { parent: '/etc', name: 'x' });
  assert.deepEqual(splitPath('/tmp/.'), { parent: '/tmp', name: '.' });
  assert.deepEqual(splitPath('/a/..'), { parent: '/a/..', name: '.' });
});

test('followPath evaluates links inside the root; mkdirAll creates through them without leaving it', async () => {
  const { mkdtemp, mkdir, symlink, rm, stat } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { InRoot } = await import('./in-root.js');
  const outside = await mkdtemp(join(tmpdir(), 'in-root-out-'));
  const dir = await mkdtemp(join(tmpdir(), 'in-root-'));
  try {
    await mkdir(join(dir, 'data'));
    await symlink('/data', join(dir, 'abs'));
    await symlink('../../../../..', join(dir, 'up'));
    await symlink('abs/sub', join(dir, 'rel'));
    await symlink(outside, join(dir, 'host'));
    await symlink('loop', join(dir, 'loop'));
    const root = await InRoot.open(dir);
    try {
      assert.equal(await root.followPath('/abs'), '/data');
      assert.equal(await root.followPath('/rel/x'), '/data/sub/x');
      assert.equal(await root.followPath('/up/abs'), '/data');
      assert.equal(await root.followPath('/host/f'), `${outside}/f`);
      await assert.rejects(root.followPath('/loop'), { code: 'ELOOP' });
      await root.close().catch(() => {});
      const again = await InRoot.open(dir);
      const fd = await again.mkdirAll('/abs/made/deeper');
      await (await import('./in-root.js')).closeFd(fd);
      assert.ok((await stat(join(dir, 'data', 'made', 'deeper'))).isDirectory());
      // Through a link whose target is missing inside the root: refused, and nothing made outside it.
      await assert.rejects(again.mkdirAll('/host/made'));
      await again.close();
      await assert.rejects(stat(join(outside, 'made')));
    } finally {
      await root.close().catch(() => {});
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  }
});
