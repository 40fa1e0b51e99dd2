// berth build / commit / diff: docker's flags and output, through the berth CLI (which sends the context itself,
// .dockerignore applied on its side).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm, writeFile, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { makeContext } from './helpers.js';

let d: TestDaemon;
const dirs: string[] = [];
before(async () => {
  d = await TestDaemon.start();
});
after(async () => {
  await d?.stop();
  for (const x of dirs) await rm(x, { recursive: true, force: true });
});

test('berth build -t -t --build-arg --target -f --no-cache, with .dockerignore', async () => {
  const dir = await makeContext({
    'ci.Dockerfile': 'FROM busybox AS builder\nARG V=1\nCOPY . /ctx/\nRUN echo v=$V > /v && ls /ctx > /ls\nFROM builder AS other\nRUN exit 9\n',
    '.dockerignore': '*.tmp\n!keep.tmp\n',
    'a.txt': 'a\n',
    'x.tmp': 'x\n',
    'keep.tmp': 'k\n',
  });
  dirs.push(dir);
  const r = await d.berth(['build', '-t', 'app:1', '-t', 'app:latest', '--build-arg', 'V=2', '--target', 'builder', '-f', join(dir, 'ci.Dockerfile'), '--no-cache', dir]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /^Step 1\/4 : FROM busybox AS builder$/m);
  assert.match(r.stdout, /^Successfully tagged app:1$/m);
  assert.match(r.stdout, /^Successfully tagged app:latest$/m);
  const out = await d.docker(['run', '--rm', 'app:1', 'cat', '/v', '/ls']);
  assert.equal(out.stdout, 'v=2\na.txt\nci.Dockerfile\nkeep.tmp\n', out.stderr);
});

test('berth build -q prints only the ID; - reads the Dockerfile from stdin; -f outside the context', async () => {
  const q = await d.berth(['build', '-q', '-'], { input: 'FROM busybox\nLABEL q=1\n' });
  assert.equal(q.code, 0, q.stderr);
  assert.match(q.stdout, /^sha256:[a-f0-9]{64}\n$/);
  // the docker CLI prints what the daemon streams under q=1: the ID, as dockerd sends it
  const dq = await d.docker(['build', '-q', '-'], { input: 'FROM busybox\nLABEL q=2\n', env: { DOCKER_BUILDKIT: '0' } });
  assert.equal(dq.code, 0, dq.stderr);
  assert.match(dq.stdout, /^sha256:[a-f0-9]{64}\n$/);
  const dir = await makeContext({ 'f.txt': 'from context\n' });
  const other = await mkdtemp(join(tmpdir(), 'berth-build-df-'));
  dirs.push(dir, other);
  await writeFile(join(other, 'Dockerfile.outside'), 'FROM busybox\nCOPY f.txt /f.txt\n');
  const r = await d.berth(['build', '-t', 'outside:1', '-f', join(other, 'Dockerfile.outside'), dir]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal((await d.docker(['run', '--rm', 'outside:1', 'cat', '/f.txt'])).stdout, 'from context\n');
});

test('berth build failures: exit 1 with the daemon\'s message', async () => {
  const dir = await makeContext({ Dockerfile: 'FROM busybox\nRUN exit 4\n' });
  dirs.push(dir);
  const r = await d.berth(['build', dir]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /The command '\/bin\/sh -c exit 4' returned a non-zero code: 4/);
});

test('berth commit and berth diff', async () => {
  const c = await d.docker(['run', '--name', 'cd1', 'busybox', 'sh', '-c', 'echo n > /new; rm /bin/cat']);
  assert.equal(c.code, 0, c.stderr);
  const diff = await d.berth(['diff', 'cd1']);
  assert.equal(diff.code, 0, diff.stderr);
  assert.match(diff.stdout, /^A \/new$/m);
  assert.match(diff.stdout, /^D \/bin\/cat$/m);
  const commit = await d.berth(['commit', '-c', 'CMD ["ls", "/new"]', '-m', 'msg', '-a', 'me', 'cd1', 'committed:1']);
  assert.equal(commit.code, 0, commit.stderr);
  assert.match(commit.stdout, /^sha256:[a-f0-9]{64}\n$/);
  const run = await d.docker(['run', '--rm', 'committed:1']);
  assert.equal(run.stdout, '/new\n', run.stderr);
});

test('berth build -m / --network pass limits to RUN', async () => {
  const dir = await makeContext({ Dockerfile: 'FROM busybox\nRUN cat /sys/fs/cgroup/memory/memory.limit_in_bytes > /limit\n' });
  dirs.push(dir);
  const r = await d.berth(['build', '-m', '32m', '--network', 'none', '-t', 'lim:1', dir]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal((await d.docker(['run', '--rm', 'lim:1', 'cat', '/limit'])).stdout, `${32 * 1024 * 1024}\n`);
  const bad = await d.berth(['build', '-m', 'lots', dir]);
  assert.equal(bad.code, 125);
});
