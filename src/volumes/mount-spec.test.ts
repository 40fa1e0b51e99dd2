import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBind, fromApiMount, fromTmpfs, mountRequests, tmpfsOptions } from './mount-spec.js';

test('-v forms: host path, volume name, anonymous, options', () => {
  assert.deepEqual(parseBind('/srv/site:/usr/share/www:ro'), { type: 'bind', source: '/srv/site', target: '/usr/share/www', readOnly: true, createSource: true });
  assert.deepEqual(parseBind('data:/data'), { type: 'volume', name: 'data', target: '/data', readOnly: false, noCopy: false });
  assert.deepEqual(parseBind('/anon/'), { type: 'volume', name: undefined, target: '/anon', readOnly: false, noCopy: false });
  assert.equal((parseBind('dd:/x:nocopy,rw') as { noCopy: boolean }).noCopy, true);
  assert.throws(() => parseBind('data:relative'), /must be absolute/);
  assert.throws(() => parseBind('bad name:/x'), /invalid characters/);
  assert.throws(() => parseBind('dd:/x:rx'), /invalid mode: rx/);
  assert.throws(() => parseBind('dd:/'), /destination can't be '\/'/);
});

test('--mount entries and --tmpfs', () => {
  assert.throws(() => fromApiMount({ Type: 'bind', Target: '/x' }), /field Source must not be empty/);
  assert.throws(() => fromApiMount({ Type: 'nfs', Target: '/x' }), /mount type unknown/);
  assert.deepEqual(fromApiMount({ Type: 'tmpfs', Target: '/t', TmpfsOptions: { SizeBytes: 65536, Mode: 0o1777 } }), { type: 'tmpfs', target: '/t', readOnly: false, options: ['size=65536', 'mode=1777'] });
  const t = fromTmpfs('/run', 'size=64m,mode=1777,exec');
  assert.deepEqual(tmpfsOptions(t as Parameters<typeof tmpfsOptions>[0]), ['nosuid', 'nodev', 'size=64m', 'mode=1777', 'exec', 'rw']);
  assert.throws(() => fromTmpfs('/run', 'bogus=1'), /invalid tmpfs option/);
});

test('one mount per target; image VOLUMEs become anonymous volumes unless covered', () => {
  assert.throws(() => mountRequests({ binds: ['aa:/x', 'bb:/x'] }), /Duplicate mount point: \/x/);
  const list = mountRequests({ binds: ['named:/data'], volumes: [{ '/data': {}, '/logs': {} }] });
  assert.deepEqual(list.map((m) => [m.type, m.target, m.type === 'volume' ? m.name : '']), [['volume', '/data', 'named'], ['volume', '/logs', undefined]]);
});
