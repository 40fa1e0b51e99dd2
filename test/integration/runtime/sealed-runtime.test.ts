// The runtime copy berthd executes: it runs, and it is sealed (no write can change it), which is what lets runc
// skip its own per-init copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { sealedRuntimeCopy } from '../../../src/runtime/sealed-runtime.js';

const run = promisify(execFile);

test('the sealed copy of runc runs and cannot be written', async () => {
  const copy = await sealedRuntimeCopy('/usr/sbin/runc');
  assert.ok(copy, 'a copy was made');
  assert.match(copy, new RegExp(`^/proc/${process.pid}/fd/\\d+$`));
  assert.match((await run(copy, ['--version'])).stdout, /^runc version/);
  const original = (await run('/usr/sbin/runc', ['--version'])).stdout;
  assert.equal((await run(copy, ['--version'])).stdout, original);
  const fh = await open(copy, 'r+');
  try {
    await assert.rejects(fh.write(Buffer.from('x'), 0, 1, 0), (err: NodeJS.ErrnoException) => err.code === 'EPERM');
    await assert.rejects(fh.truncate(0), (err: NodeJS.ErrnoException) => err.code === 'EPERM');
  } finally {
    await fh.close();
  }
});

test('a runtime that does not exist gives no copy (the original path is used)', async () => {
  assert.equal(await sealedRuntimeCopy('/nonexistent/runc'), undefined);
});
