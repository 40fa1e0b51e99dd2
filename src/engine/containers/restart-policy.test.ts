import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shouldRestart, restartsWithDaemon, nextDelay } from './restart-policy.js';

const exit = (exitCode: number, restartCount = 0, stoppedByUser = false) => ({ exitCode, restartCount, stoppedByUser });

test('shouldRestart follows Docker policies', () => {
  assert.equal(shouldRestart({ Name: 'no' }, exit(1)), false);
  assert.equal(shouldRestart(undefined, exit(1)), false);
  assert.equal(shouldRestart({ Name: 'always' }, exit(0)), true);
  assert.equal(shouldRestart({ Name: 'always' }, exit(0, 0, true)), false);
  assert.equal(shouldRestart({ Name: 'unless-stopped' }, exit(0)), true);
  assert.equal(shouldRestart({ Name: 'on-failure' }, exit(0)), false);
  assert.equal(shouldRestart({ Name: 'on-failure' }, exit(3, 100)), true);
  assert.equal(shouldRestart({ Name: 'on-failure', MaximumRetryCount: 3 }, exit(3, 2)), true);
  assert.equal(shouldRestart({ Name: 'on-failure', MaximumRetryCount: 3 }, exit(3, 3)), false);
});

test('restartsWithDaemon: always regardless, unless-stopped not after a user stop', () => {
  assert.equal(restartsWithDaemon({ Name: 'always' }, true, 0), true);
  assert.equal(restartsWithDaemon({ Name: 'unless-stopped' }, true, 0), false);
  assert.equal(restartsWithDaemon({ Name: 'unless-stopped' }, false, 0), true);
  assert.equal(restartsWithDaemon({ Name: 'no' }, false, 1), false);
});

test('nextDelay doubles from 100 ms, caps at a minute, resets after 10 s up', () => {
  assert.equal(nextDelay(0, 5), 100);
  assert.equal(nextDelay(100, 5), 200);
  assert.equal(nextDelay(800, 9_999), 1600);
  assert.equal(nextDelay(800, 10_000), 100);
  assert.equal(nextDelay(60_000, 1), 60_000);
});
