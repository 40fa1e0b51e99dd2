import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyProbe, healthcheckError, healthSuffix, mergeHealthcheck, probeCommand, probeTimings, type HealthState } from './health.js';

const entry = (code: number, out = '') => ({ Start: 's', End: 'e', ExitCode: code, Output: out });

test('mergeHealthcheck: each unset field comes from the image', () => {
  const image = { Test: ['CMD-SHELL', 'true'], Interval: 5e9, Retries: 2 };
  assert.deepEqual(mergeHealthcheck({ Interval: 1e9 }, image), { Test: ['CMD-SHELL', 'true'], Interval: 1e9, Timeout: undefined, StartPeriod: undefined, StartInterval: undefined, Retries: 2 });
  assert.deepEqual(mergeHealthcheck({ Test: ['NONE'] }, image)?.Test, ['NONE']);
  assert.equal(mergeHealthcheck(undefined, undefined), undefined);
  assert.deepEqual(mergeHealthcheck(undefined, image), image);
});

test('probeCommand and timings', () => {
  assert.deepEqual(probeCommand({ Test: ['CMD-SHELL', 'wget -q localhost'] }), ['/bin/sh', '-c', 'wget -q localhost']);
  assert.deepEqual(probeCommand({ Test: ['CMD', 'true', 'x'] }), ['true', 'x']);
  assert.equal(probeCommand({ Test: ['NONE'] }), undefined);
  assert.equal(probeCommand(undefined), undefined);
  assert.deepEqual(probeTimings({}), { interval: 30000, timeout: 30000, startPeriod: 0, startInterval: 5000, retries: 3 });
  assert.deepEqual(probeTimings({ Interval: 2e9, Timeout: 5e8, StartPeriod: 1e9, Retries: 1 }), { interval: 2000, timeout: 500, startPeriod: 1000, startInterval: 5000, retries: 1 });
  assert.equal(healthcheckError({ Interval: 10 }), 'Interval in Healthcheck cannot be less than 1ms');
  assert.equal(healthcheckError({ Retries: -1 }), 'Retries in Healthcheck cannot be negative');
  assert.equal(healthcheckError({ Interval: 0, Retries: 0 }), undefined);
});

test('applyProbe: starting -> healthy -> unhealthy after retries; the start period does not count', () => {
  let s: HealthState = { status: 'starting', failingStreak: 0, log: [] };
  s = applyProbe(s, entry(1), { retries: 2, inStartPeriod: true });
  assert.deepEqual([s.status, s.failingStreak, s.log.length], ['starting', 0, 1]);
  s = applyProbe(s, entry(0, 'ok'), { retries: 2, inStartPeriod: true });
  assert.deepEqual([s.status, s.failingStreak], ['healthy', 0]);
  s = applyProbe(s, entry(1), { retries: 2, inStartPeriod: true }); // healthy once: the start period is over
  assert.deepEqual([s.status, s.failingStreak], ['healthy', 1]);
  s = applyProbe(s, entry(1), { retries: 2, inStartPeriod: false });
  assert.deepEqual([s.status, s.failingStreak], ['unhealthy', 2]);
  for (let i = 0; i < 6; i++) s = applyProbe(s, entry(1, 'x'.repeat(5000)), { retries: 2, inStartPeriod: false });
  assert.equal(s.log.length, 5);
  assert.equal(s.log[4]!.Output.length, 4096);
  assert.equal(s.failingStreak, 8);
  assert.equal(healthSuffix(s), ' (unhealthy)');
  assert.equal(healthSuffix({ status: 'starting', failingStreak: 0, log: [] }), ' (health: starting)');
  assert.equal(healthSuffix(undefined), '');
});
