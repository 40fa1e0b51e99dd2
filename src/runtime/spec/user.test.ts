import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveUser } from './user.js';

const passwd = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\nwww:x:33:33::/var/www:/bin/false\n';
const group = 'root:x:0:\nwww:x:33:\nstaff:x:50:www,other\nnogroup:x:65534:\n';

test('resolves docker user specs against passwd and group', () => {
  assert.deepEqual(resolveUser(undefined, passwd, group), { uid: 0, gid: 0, additionalGids: [0], home: '/root' });
  assert.deepEqual(resolveUser('nobody', passwd, group), { uid: 65534, gid: 65534, additionalGids: [65534], home: '/home' });
  assert.deepEqual(resolveUser('www', passwd, group), { uid: 33, gid: 33, additionalGids: [50], home: '/var/www' });
  assert.deepEqual(resolveUser('1000:1000', passwd, group), { uid: 1000, gid: 1000, additionalGids: [1000], home: '/' });
  assert.deepEqual(resolveUser('33', passwd, group).gid, 33);
  assert.deepEqual(resolveUser('www:nogroup', passwd, group), { uid: 33, gid: 65534, additionalGids: [65534], home: '/var/www' });
  assert.deepEqual(resolveUser('root', passwd, group, ['staff', '7']).additionalGids, [50, 7]);
});

test('unknown names are errors with docker wording', () => {
  assert.throws(() => resolveUser('ghost', passwd, group), /unable to find user ghost: no matching entries in passwd file/);
  assert.throws(() => resolveUser('root:ghosts', passwd, group), /unable to find group ghosts/);
});
