import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePaxRecords, xattrValue } from './pax-records.js';

/** One `<len> key=value\n` record; `len` counts itself. */
export function paxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return Buffer.concat([Buffer.from(String(len)), body]);
}

test('PAX xattr values stay byte-exact; other records are UTF-8', () => {
  const bin = Buffer.from([0x01, 0x00, 0x00, 0x02, 0x80, 0xff, 0x0a, 0x3d, 0xc3]);
  const buf = Buffer.concat([paxRecord('path', Buffer.from('dir/é.txt')), paxRecord('SCHILY.xattr.security.capability', bin), paxRecord('SCHILY.xattr.user.t', Buffer.from('é'))]);
  const pax = decodePaxRecords(buf);
  assert.equal(pax.path, 'dir/é.txt');
  assert.deepEqual(xattrValue(pax['SCHILY.xattr.security.capability']!), bin);
  assert.deepEqual(xattrValue(pax['SCHILY.xattr.user.t']!), Buffer.from('é'));
});

test('malformed PAX data ends the parse without throwing', () => {
  assert.deepEqual(decodePaxRecords(Buffer.from('garbage')), {});
  assert.deepEqual(decodePaxRecords(Buffer.from('999 path=x\n')), {});
  assert.deepEqual({ ...decodePaxRecords(Buffer.concat([paxRecord('a', Buffer.from('1')), Buffer.from('5 x')])) }, { a: '1' });
});
