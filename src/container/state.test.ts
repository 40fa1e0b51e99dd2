import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  STATUSES, EVENTS, canStart, canStop, canKill, canPause, canUnpause, canRemove, canAttach, isActive, nextStatus, transition,
  InvalidTransitionError, type ContainerStatus, type ContainerEvent,
} from './state.js';

// Every status x every predicate.
const TABLE: Record<ContainerStatus, [boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean]> = {
  //           start  stop   kill   pause  unpause remove attach active
  created:    [true,  false, false, false, false,  true,  true,  false],
  running:    [false, true,  true,  true,  false,  false, true,  true],
  paused:     [false, false, false, false, true,   false, true,  true],
  restarting: [false, true,  true,  false, false,  false, true,  true],
  removing:   [false, false, false, false, false,  false, false, false],
  exited:     [true,  false, false, false, false,  true,  true,  false],
  dead:       [false, false, false, false, false,  true,  false, false],
};

test('state predicates, exhaustively', () => {
  for (const s of STATUSES) {
    assert.deepEqual([canStart(s), canStop(s), canKill(s), canPause(s), canUnpause(s), canRemove(s), canAttach(s), isActive(s)], TABLE[s], s);
  }
  assert.equal(Object.keys(TABLE).length, STATUSES.length);
});

// Every status x every event: the resulting status, or '-' when the event is refused.
const MOVES: Record<ContainerStatus, Record<ContainerEvent, ContainerStatus | '-'>> = {
  created:    { start: 'running', exit: '-',      pause: '-',      unpause: '-',       restart: '-',          remove: 'removing', fail: 'dead' },
  running:    { start: '-',       exit: 'exited', pause: 'paused', unpause: '-',       restart: '-',          remove: '-',        fail: 'dead' },
  paused:     { start: '-',       exit: 'exited', pause: '-',      unpause: 'running', restart: '-',          remove: '-',        fail: 'dead' },
  restarting: { start: 'running', exit: 'exited', pause: '-',      unpause: '-',       restart: '-',          remove: 'removing', fail: 'dead' },
  removing:   { start: '-',       exit: '-',      pause: '-',      unpause: '-',       restart: '-',          remove: '-',        fail: 'dead' },
  exited:     { start: 'running', exit: '-',      pause: '-',      unpause: '-',       restart: 'restarting', remove: 'removing', fail: 'dead' },
  dead:       { start: '-',       exit: '-',      pause: '-',      unpause: '-',       restart: '-',          remove: 'removing', fail: '-' },
};

test('transitions, exhaustively', () => {
  for (const s of STATUSES) {
    for (const e of EVENTS) {
      const want = MOVES[s][e];
      assert.equal(nextStatus(s, e) ?? '-', want, `${s} --${e}-->`);
      if (want === '-') assert.throws(() => transition(s, e), (err: unknown) => err instanceof InvalidTransitionError && err.message === `cannot ${e} a container that is ${s}`);
      else assert.equal(transition(s, e), want);
    }
  }
});

test('the predicates agree with the transitions', () => {
  for (const s of STATUSES) {
    assert.equal(canStart(s), s !== 'restarting' && nextStatus(s, 'start') === 'running', `start ${s}`);
    assert.equal(canPause(s), nextStatus(s, 'pause') !== undefined, `pause ${s}`);
    assert.equal(canUnpause(s), nextStatus(s, 'unpause') !== undefined, `unpause ${s}`);
    assert.equal(canRemove(s), nextStatus(s, 'remove') !== undefined && s !== 'restarting', `remove ${s}`);
    // whatever can be stopped or killed has a process that can exit
    if (canStop(s) || canKill(s)) assert.equal(nextStatus(s, 'exit'), 'exited', `exit ${s}`);
  }
});
