// The layer cache: a warm rebuild runs no RUN step and gives the same image; changing one COPY source
// invalidates from that step on only; build args in effect and --no-cache are part of the rules; .dockerignore'd
// files neither reach the image nor the cache key; context symlinks never lead out of the context.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm, writeFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
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

const build = (args: string[]) => d.docker(['build', ...args], { env: classic });
const builtId = (out: string) => /^Successfully built ([a-f0-9]{12})$/m.exec(out)?.[1];
const runCount = (out: string) => (out.match(/ ---> Running in /g) ?? []).length;
const cacheCount = (out: string) => (out.match(/ ---> Using cache/g) ?? []).length;

test('warm rebuild runs nothing; one changed COPY source invalidates from its step on', async () => {
  const dir = await makeContext({
    Dockerfile: 'FROM busybox\nRUN echo one > /one\nCOPY a.txt /a.txt\nRUN cat /a.txt > /copy\nCOPY b.txt /b.txt\nRUN echo done\n',
    'a.txt': 'A1\n',
    'b.txt': 'B1\n',
  });
  dirs.push(dir);
  const cold = await build(['-t', 'cache:1', dir]);
  assert.equal(cold.code, 0, cold.stderr + cold.stdout);
  assert.equal(runCount(cold.stdout), 3);
  const warm = await build(['-t', 'cache:1', dir]);
  assert.equal(warm.code, 0, warm.stderr);
  assert.equal(runCount(warm.stdout), 0, warm.stdout);
  assert.equal(cacheCount(warm.stdout), 5);
  assert.equal(builtId(warm.stdout), builtId(cold.stdout));
  // mtime alone does not invalidate
  await utimes(join(dir, 'a.txt'), new Date(2001, 1, 1), new Date(2001, 1, 1));
  const touched = await build([dir]);
  assert.equal(runCount(touched.stdout), 0, touched.stdout);
  // content does, from that step on
  await writeFile(join(dir, 'a.txt'), 'A2\n');
  const changed = await build(['-t', 'cache:2', dir]);
  assert.equal(changed.code, 0, changed.stderr);
  assert.equal(cacheCount(changed.stdout), 1, changed.stdout);
  assert.equal(runCount(changed.stdout), 2);
  assert.equal((await d.docker(['run', '--rm', 'cache:2', 'cat', '/copy'])).stdout, 'A2\n');
  // --no-cache runs everything
  const nocache = await build(['--no-cache', dir]);
  assert.equal(cacheCount(nocache.stdout), 0);
  assert.equal(runCount(nocache.stdout), 3);
});

test('build args in effect are part of the key', async () => {
  const dir = await makeContext({ Dockerfile: 'FROM busybox\nARG V=1\nRUN echo v=$V > /v\n' });
  dirs.push(dir);
  const a = await build(['--build-arg', 'V=2', '-t', 'args:2', dir]);
  assert.equal(runCount(a.stdout), 1, a.stderr + a.stdout);
  const b = await build(['--build-arg', 'V=2', dir]);
  assert.equal(runCount(b.stdout), 0);
  const c = await build(['--build-arg', 'V=3', '-t', 'args:3', dir]);
  assert.equal(runCount(c.stdout), 1);
  assert.equal((await d.docker(['run', '--rm', 'args:3', 'cat', '/v'])).stdout, 'v=3\n');
  const unused = await build(['--build-arg', 'NOPE=1', dir]);
  assert.match(unused.stdout, /\[Warning\] One or more build-args \[NOPE\] were not consumed/);
  // The predefined proxy args reach RUN without an ARG, and stay out of the history and the warning.
  const proxy = await makeContext({ Dockerfile: 'FROM busybox\nRUN echo "p=$HTTP_PROXY" > /proxy\n' });
  dirs.push(proxy);
  const p = await build(['--build-arg', 'HTTP_PROXY=http://proxy.invalid:3128', '-t', 'proxy:1', proxy]);
  assert.equal(p.code, 0, p.stderr + p.stdout);
  assert.doesNotMatch(p.stdout, /not consumed/);
  assert.equal((await d.docker(['run', '--rm', 'proxy:1', 'cat', '/proxy'])).stdout, 'p=http://proxy.invalid:3128\n');
  assert.doesNotMatch((await d.docker(['history', '--no-trunc', 'proxy:1'])).stdout, /proxy\.invalid/);
});

test('.dockerignore excludes files (with ! exceptions) and keeps them out of the cache key', async () => {
  const dir = await makeContext({
    Dockerfile: 'FROM busybox\nCOPY . /ctx/\nRUN find /ctx -type f | sort > /list\n',
    '.dockerignore': '# comment\n*.log\nsecret/\ndocs/**\n!docs/keep.md\n**/tmp-*\n',
    'app.txt': 'app\n',
    'debug.log': 'log\n',
    'secret/key': 'k\n',
    'docs/a.md': 'a\n',
    'docs/keep.md': 'keep\n',
    'sub/tmp-1': 'x\n',
    'sub/real': 'r\n',
  });
  dirs.push(dir);
  const r = await build(['-t', 'ign:1', dir]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const list = (await d.docker(['run', '--rm', 'ign:1', 'cat', '/list'])).stdout.trim().split('\n');
  assert.deepEqual(list, ['/ctx/.dockerignore', '/ctx/Dockerfile', '/ctx/app.txt', '/ctx/docs/keep.md', '/ctx/sub/real']);
  await writeFile(join(dir, 'debug.log'), 'changed\n');
  const again = await build([dir]);
  assert.equal(runCount(again.stdout), 0, 'an ignored file does not invalidate the cache');
});

test('a context symlink pointing outside the context is not followed out of it', async () => {
  const dir = await makeContext({
    Dockerfile: 'FROM busybox\nCOPY link /copied\nCOPY rel /rel\n',
    link: { symlink: '/etc/hostname' },
    rel: { symlink: '../../../../../../etc/hostname' },
  });
  dirs.push(dir);
  const r = await build([dir]);
  // Resolved inside the context, /etc/hostname does not exist there: Docker's not-found error, never the host file.
  assert.notEqual(r.code, 0, r.stdout);
  assert.match(r.stderr, /file not found in build context/);
});

test('the cache survives a daemon restart; a crashed build\'s work dirs are removed at start', async () => {
  const dir = await makeContext({ Dockerfile: 'FROM busybox\nRUN echo persisted > /p\n' });
  dirs.push(dir);
  assert.equal(runCount((await build([dir])).stdout), 1);
  const { mkdir } = await import('node:fs/promises');
  const leftover = join(d.dataRoot, 'tmp', 'build-crashed');
  await mkdir(join(leftover, 'context'), { recursive: true });
  await d.stopDaemon();
  await d.startDaemon();
  const again = await build([dir]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(runCount(again.stdout), 0, again.stdout);
  const { access } = await import('node:fs/promises');
  await assert.rejects(access(leftover));
});

test('--cache-from: an image loaded elsewhere (no local cache) stands in for the steps its history shows', async () => {
  const dir = await makeContext({ Dockerfile: 'FROM busybox\nENV STAGE=one\nRUN echo built > /f\nCOPY a.txt /a.txt\nCMD ["cat", "/f"]\n', 'a.txt': 'A\n' });
  dirs.push(dir);
  const first = await build(['-t', 'cf:src', dir]);
  assert.equal(first.code, 0, first.stderr + first.stdout);
  const archive = join(dir, '..', `cf-${Date.now()}.tar`);
  dirs.push(archive);
  assert.equal((await d.docker(['save', '-o', archive, 'cf:src', 'busybox'])).code, 0);
  const other = await TestDaemon.start({ busybox: false });
  try {
    assert.equal((await other.docker(['load', '-i', archive])).code, 0);
    const cached = await other.docker(['build', '--cache-from', 'cf:src', '-t', 'cf:2', dir], { env: classic });
    assert.equal(cached.code, 0, cached.stderr + cached.stdout);
    assert.equal(runCount(cached.stdout), 0, cached.stdout);
    assert.equal(cacheCount(cached.stdout), 4);
    assert.equal((await other.docker(['run', '--rm', 'cf:2'])).stdout, 'built\n');
    // Without the source that daemon has no cache for these steps: the RUN runs.
    const plain = await other.docker(['build', '-t', 'cf:plain', dir], { env: classic });
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(runCount(plain.stdout), 1, plain.stdout);
    const viaBerth = await other.berth(['build', '--cache-from', 'cf:src', '-q', dir]);
    assert.equal(viaBerth.code, 0, viaBerth.stderr);
  } finally {
    await other.stop();
  }
});

test('an intermediate image with a child cannot be removed; it goes with its last child', async () => {
  const dir = await makeContext({ Dockerfile: 'FROM busybox\nRUN echo a > /a\nRUN echo b > /b\n' });
  dirs.push(dir);
  const r = await build(['-t', 'kids:1', dir]);
  assert.equal(r.code, 0, r.stderr);
  const ids = (await d.docker(['history', '-q', 'kids:1'])).stdout.trim().split('\n');
  const parent = ids[1]!;
  const refused = await d.docker(['rmi', '-f', parent]);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /image has dependent child images/);
  assert.equal((await d.docker(['rmi', 'kids:1'])).code, 0);
  assert.notEqual((await d.docker(['image', 'inspect', parent])).code, 0, 'the parent went with its last child');
});
