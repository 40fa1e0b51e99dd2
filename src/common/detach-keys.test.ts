import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDetachKeys, DetachWatcher, DEFAULT_DETACH_KEYS } from './detach-keys.js';

test('parseDetachKeys: ctrl- letters and symbols, single characters, errors', () => {
  assert.deepEqual([...parseDetachKeys(DEFAULT_DETACH_KEYS)], [0x10, 0x11]);
  assert.deepEqual([...parseDetachKeys('ctrl-x,x')], [0x18, 0x78]);
  assert.deepEqual([...parseDetachKeys('ctrl-@,ctrl-[,ctrl-_')], [0, 0x1b, 0x1f]);
  assert.throws(() => parseDetachKeys('ctrl-1'), /Unknown character: '1'/);
  assert.throws(() => parseDetachKeys('ab'), /Unknown character: 'ab'/);
});

test('DetachWatcher: passes input through, holds a prefix, detaches on the full sequence', () => {
  const w = new DetachWatcher(parseDetachKeys(DEFAULT_DETACH_KEYS));
  assert.deepEqual(w.push(Buffer.from('ls\r')), Buffer.from('ls\r'));
  assert.deepEqual(w.push(Buffer.from([0x10])), Buffer.alloc(0));
  assert.equal(w.detached, false);
  assert.deepEqual(w.push(Buffer.from('a')), Buffer.from([0x10, 0x61]));
  assert.deepEqual(w.push(Buffer.from([0x10, 0x10])), Buffer.from([0x10]));
  assert.deepEqual(w.push(Buffer.from([0x11, 0x61])), Buffer.alloc(0));
  assert.equal(w.detached, true);
  const one = new DetachWatcher(parseDetachKeys('ctrl-a'));
  assert.deepEqual(one.push(Buffer.from([0x62, 0x01, 0x63])), Buffer.from([0x62]));
  assert.equal(one.detached, true);
});
