// pause/unpause through the freezer: the state in inspect and ps, the process really frozen, Docker's conflicts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TestDaemon } from '../../helpers/test-daemon.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start();
  // Counts in its log once every 0.1 s: a frozen container's log stops growing.
  assert.equal((await d.docker(['run', '-d', '--name', 'ticker', 'busybox', 'sh', '-c', 'i=0; while true; do i=$((i+1)); echo $i; sleep 0.1; done'])).code, 0);
});
after(async () => {
  await d?.docker(['unpause', 'ticker']);
  await d?.stop();
});

const lines = async () => (await d.docker(['logs', 'ticker'])).stdout.trim().split('\n').length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('pause freezes the container; unpause thaws it', async () => {
  let r = await d.docker(['pause', 'ticker']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'ticker\n');
  const state = JSON.parse((await d.docker(['inspect', '--format', '{{json .State}}', 'ticker'])).stdout) as { Status: string; Paused: boolean; Running: boolean };
  assert.deepEqual([state.Status, state.Paused, state.Running], ['paused', true, true]);
  assert.match((await d.docker(['ps', '--format', '{{.Status}}'])).stdout, /\(Paused\)/);
  const frozen = await lines();
  await sleep(600);
  assert.equal(await lines(), frozen, 'the log grew while paused');
  r = await d.docker(['pause', 'ticker']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /is already paused/);
  r = await d.berth(['unpause', 'ticker']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'ticker\n');
  const deadline = Date.now() + 5000;
  while ((await lines()) === frozen && Date.now() < deadline) await sleep(100);
  assert.ok((await lines()) > frozen, 'the log did not grow after unpause');
  assert.equal((await d.docker(['inspect', '--format', '{{.State.Status}} {{.State.Paused}}', 'ticker'])).stdout.trim(), 'running false');
  r = await d.docker(['unpause', 'ticker']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /is not paused/);
});

test('pause of a stopped container is a conflict; events say pause and unpause', async () => {
  assert.equal((await d.docker(['create', '--name', 'idle', 'busybox'])).code, 0);
  const r = await d.berth(['pause', 'idle']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /is not running/);
  const ev = await d.docker(['events', '--since', '5m', '--until', String(Math.floor(Date.now() / 1000) + 1), '--format', '{{.Action}}']);
  assert.match(ev.stdout, /pause\n[^]*unpause/);
});
