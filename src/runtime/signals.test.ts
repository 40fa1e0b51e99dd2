import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSignal } from './signals.js';
import { errorCode } from '../errors.js';

test('signals by name, SIG name, number, any case, realtime offsets', () => {
  const cases: Array<[string, number]> = [
    ['KILL', 9], ['SIGKILL', 9], ['sigterm', 15], ['term', 15], ['9', 9], ['HUP', 1], ['SIGUSR1', 10], ['USR2', 12],
    ['WINCH', 28], ['RTMIN', 34], ['RTMIN+3', 37], ['SIGRTMAX-1', 63], ['64', 64], [' 15 ', 15],
  ];
  for (const [raw, n] of cases) assert.equal(parseSignal(raw), n, raw);
});

test('unknown signals are Docker\'s 400 "Invalid signal"', () => {
  for (const raw of ['FOO', 'SIG', '0', '65', '-1', '', 'RTMIN+31', 'KILL9']) {
    assert.throws(() => parseSignal(raw), (e) => errorCode(e) === 'ERR_INVALID_ARGUMENT' && String((e as Error).message) === `Invalid signal: ${raw}`, raw);
  }
});
