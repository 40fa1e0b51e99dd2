// A container started again right after its exit gets its network again: the previous run's veth pair is gone
// by then (the kernel frees a deleted namespace's devices later, so teardown deletes the host ends itself).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TestDaemon } from '../../helpers/test-daemon.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start();
});
after(async () => {
  await d?.stop();
});

test('start -a right after the previous exit, 10 times: eth0 is there every time', async () => {
  assert.equal((await d.docker(['create', '--name', 'again', 'busybox', 'sh', '-c', 'ip -o -4 addr show eth0 | wc -l'])).code, 0);
  for (let i = 0; i < 10; i++) {
    const r = await d.docker(['start', '-a', 'again']);
    assert.equal(r.code, 0, `run ${i}: ${r.stderr}`);
    assert.equal(r.stdout.trim(), '1', `run ${i}`);
  }
  await d.docker(['rm', 'again']);
});
