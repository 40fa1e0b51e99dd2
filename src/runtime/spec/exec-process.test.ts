import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execProcess, mergeEnv, capabilitiesOfMask } from './exec-process.js';
import { ALL_CAPABILITIES } from './capabilities.js';

const base = {
  terminal: false,
  user: { uid: 0, gid: 0 },
  args: ['sh'],
  env: ['PATH=/bin', 'HOME=/root', 'A=1'],
  cwd: '/app',
  capabilities: { bounding: ['CAP_CHOWN'] },
};

test('an exec keeps the container process and replaces args, env entries, cwd, user', () => {
  const p = execProcess(base, { args: ['env'], env: ['A=2', 'X=1'], cwd: '/tmp', user: { uid: 1000, gid: 1000, additionalGids: [], home: '/' }, terminal: false });
  assert.deepEqual(p.args, ['env']);
  assert.deepEqual(p.env, ['PATH=/bin', 'HOME=/', 'A=2', 'X=1']);
  assert.equal(p.cwd, '/tmp');
  assert.deepEqual(p.user, { uid: 1000, gid: 1000 });
  assert.deepEqual(p.capabilities, base.capabilities);
  assert.equal(p.terminal, false);
});

test('defaults come from the container; a terminal gets TERM and the console size', () => {
  const p = execProcess(base, { args: ['sh'], env: [], terminal: true, consoleSize: { height: 30, width: 100 } });
  assert.equal(p.cwd, '/app');
  assert.deepEqual(p.user, { uid: 0, gid: 0 });
  assert.ok(p.env!.includes('TERM=xterm'));
  assert.deepEqual(p.consoleSize, { height: 30, width: 100 });
  const q = execProcess({ ...base, env: ['TERM=vt100'] }, { args: ['sh'], env: [], terminal: true });
  assert.deepEqual(q.env, ['TERM=vt100']);
  assert.equal(q.consoleSize, undefined);
});

test('mergeEnv replaces in place and appends new keys', () => {
  assert.deepEqual(mergeEnv(['A=1', 'B=2'], ['B=3', 'C', 'A=']), ['A=', 'B=3', 'C']);
});

test('a privileged exec gets every capability', () => {
  const all = capabilitiesOfMask('000001fffeffffff', ALL_CAPABILITIES);
  assert.ok(!all.includes('CAP_SYS_RESOURCE') && all.includes('CAP_SYS_ADMIN') && all.includes('CAP_CHECKPOINT_RESTORE'));
  assert.equal(all.length, ALL_CAPABILITIES.length - 1);
  const p = execProcess(base, { args: ['sh'], env: [], terminal: false, privilegedCapabilities: all });
  assert.deepEqual((p.capabilities as { bounding: string[] }).bounding, all);
});
