// `DOCKER_BUILDKIT=0 docker build` against berthd: the message stream, every instruction's effect on the image
// config and files (checked by running the image), multi-stage COPY --from, and failing steps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { makeContext, classic } from './helpers.js';

let d: TestDaemon;
const dirs: string[] = [];
before(async () => {
  d = await TestDaemon.start();
});
after(async () => {
  await d?.stop();
  for (const x of dirs) await rm(x, { recursive: true, force: true });
});

async function ctx(files: Parameters<typeof makeContext>[0]): Promise<string> {
  const dir = await makeContext(files);
  dirs.push(dir);
  return dir;
}

test('a classic build streams Docker\'s messages and tags the image', async () => {
  const dir = await ctx({
    Dockerfile: 'FROM busybox\nRUN echo hello > /greeting && echo ran-step\nCMD ["cat", "/greeting"]\n',
  });
  const r = await d.docker(['build', '-t', 'app:1', '-t', 'app:latest', dir], { env: classic });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /^Step 1\/3 : FROM busybox$/m);
  assert.match(r.stdout, /^ ---> Running in [a-f0-9]{12}$/m);
  assert.match(r.stdout, /^ran-step$/m);
  assert.match(r.stdout, /^Step 3\/3 : CMD \["cat", "\/greeting"\]$/m);
  const built = /^Successfully built ([a-f0-9]{12})$/m.exec(r.stdout);
  assert.ok(built, r.stdout);
  assert.match(r.stdout, /^Successfully tagged app:1$/m);
  assert.match(r.stdout, /^Successfully tagged app:latest$/m);
  const run = await d.docker(['run', '--rm', 'app:1']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, 'hello\n');
  const ps = await d.docker(['ps', '-aq']);
  assert.equal(ps.stdout.trim(), '', 'no intermediate container left');
});
