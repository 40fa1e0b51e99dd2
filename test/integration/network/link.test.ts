// The veth teardown is synchronous: once deleteNetnsAndLinks returns, the host end's name is free again (a plain
// `ip netns del` leaves it taken until the kernel gets round to destroying the namespace).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { addNetns, deleteNetnsAndLinks } from '../../../src/network/link.js';
import { run } from '../../../src/common/proc/run.js';

test('deleteNetnsAndLinks frees the host veth name at once, every time', async () => {
  const tag = randomBytes(3).toString('hex');
  const ns = `bttest-${tag}`;
  const hostIf = `vbt${tag}`;
  try {
    for (let i = 0; i < 5; i++) {
      await addNetns(ns);
      await run('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      await deleteNetnsAndLinks(ns, [hostIf]);
      const left = await run('ip', ['-o', 'link', 'show', 'dev', hostIf], { allowFailure: true });
      assert.notEqual(left.code, 0, `round ${i}: ${hostIf} still exists`);
      assert.equal((await run('ip', ['netns', 'list'])).stdout.includes(ns), false);
    }
    // names that do not exist are skipped, not an error
    await deleteNetnsAndLinks(ns, [hostIf, `${hostIf}x`]);
  } finally {
    await run('ip', ['link', 'del', hostIf], { allowFailure: true });
    await run('ip', ['netns', 'del', ns], { allowFailure: true });
  }
});
