import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATUSES, canStart, canStop, canKill, canRemove, canAttach, isActive, type ContainerStatus } from './state.js';

// Every status x every predicate.
const TABLE: Record<ContainerStatus, [boolean, boolean, boolean, boolean, boolean, boolean]> = {
  //           start  stop   kill   remove attach active
  created:    [true,  false, false, true,  true,  false],
  running:    [false, true,  true,  false, true,  true],
  paused:     [false, false, false, false, true,  true],
  restarting: [false, true,  true,  false, true,  true],
  removing:   [false, false, false, false, false, false],
  exited:     [true,  false, false, true,  true,  false],
  dead:       [false, false, false, true,  false, false],
};

test('state predicates, exhaustively', () => {
  for (const s of STATUSES) {
    assert.deepEqual([canStart(s), canStop(s), canKill(s), canRemove(s), canAttach(s), isActive(s)], TABLE[s], s);
  }
  assert.equal(Object.keys(TABLE).length, STATUSES.length);
});
