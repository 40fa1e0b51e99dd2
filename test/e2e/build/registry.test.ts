// A built image pushes and pulls like any other; FROM an image that is not local pulls it (and --pull refreshes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { TestRegistry } from '../../helpers/registry.js';
import { makeContext, classic } from './helpers.js';

let d: TestDaemon;
let reg: TestRegistry;
const dirs: string[] = [];
before(async () => {
  reg = await TestRegistry.start();
  d = await TestDaemon.start();
});
after(async () => {
  await d?.stop();
  await reg?.stop();
  for (const x of dirs) await rm(x, { recursive: true, force: true });
});

const ok = (r: { code: number; stdout: string; stderr: string }) => {
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

test('a built image pushes, pulls back and runs; FROM pulls a missing base', async () => {
  const dir = await makeContext({ Dockerfile: 'FROM busybox\nRUN echo pushed > /p\nCMD ["cat", "/p"]\n' });
  dirs.push(dir);
  const name = `${reg.host}/team/built:1`;
  ok(await d.docker(['build', '-t', name, dir], { env: classic }));
  ok(await d.docker(['push', name]));
  ok(await d.docker(['rmi', name]));
  ok(await d.docker(['pull', name]));
  assert.equal(ok(await d.docker(['run', '--rm', name])), 'pushed\n');
  // A base that is only in the registry.
  ok(await d.docker(['rmi', name]));
  const child = await makeContext({ Dockerfile: `FROM ${name}\nRUN echo child >> /p\n` });
  dirs.push(child);
  const out = ok(await d.docker(['build', '-t', 'child:1', child], { env: classic }));
  assert.match(out, /^Step 1\/2 : FROM 127\.0\.0\.1:\d+\/team\/built:1$/m);
  assert.equal(ok(await d.docker(['run', '--rm', 'child:1'])), 'pushed\nchild\n');
  // history of a pulled parent: its lower rows are <missing>
  const hist = ok(await d.docker(['history', '--format', '{{.ID}}', 'child:1'])).trim().split('\n');
  assert.ok(hist.includes('<missing>'), hist.join(','));
});
