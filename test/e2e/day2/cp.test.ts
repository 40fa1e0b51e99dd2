// docker cp / berth cp through the archive API, on running and stopped containers, and the escapes that must fail:
// symlinks leading out of the container (absolute and `..`), archive members climbing out, and a symlink swapped in
// a loop while copying (CVE-2018-15664).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { TestDaemon } from '../../helpers/test-daemon.js';

let d: TestDaemon;
let work: string;
/** A directory on the host that container symlinks point at: nothing may read or write it through the container. */
let host: string;

before(async () => {
  d = await TestDaemon.start();
  work = await mkdtemp(join(tmpdir(), 'berth-cp-'));
  host = join(work, 'host');
  await mkdir(host);
  await writeFile(join(host, 'secret'), 'HOST\n');
  const script = [
    `ln -s / /abs; ln -s ../../../../.. /rel; ln -s ${host} /hostlink`,
    // The swap: /swap is a real directory with a file `secret`, then a symlink to the host directory, again and again.
    `while true; do rm -rf /swap; mkdir /swap; echo inside > /swap/secret; rm -rf /swap; ln -s ${host} /swap; done`,
  ].join('; ');
  assert.equal((await d.docker(['run', '-d', '--name', 'web', '--hostname', 'cp-host', 'busybox', 'sh', '-c', script])).code, 0);
});
after(async () => {
  await d?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

async function hostUntouched(): Promise<void> {
  assert.deepEqual((await readdir(host)).sort(), ['secret']);
  assert.equal(await readFile(join(host, 'secret'), 'utf8'), 'HOST\n');
}

test('cp a file out of a running container (its /etc/hostname)', async () => {
  const out = join(work, 'out1');
  await mkdir(out);
  const r = await d.docker(['cp', 'web:/etc/hostname', `${out}/`]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await readFile(join(out, 'hostname'), 'utf8'), 'cp-host\n');
  const b = await d.berth(['cp', 'web:/etc/hostname', join(out, 'h2')]);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(await readFile(join(out, 'h2'), 'utf8'), 'cp-host\n');
});

test('cp a directory in and back out; a missing path is an error', async () => {
  const src = join(work, 'dir');
  await mkdir(join(src, 'sub'), { recursive: true });
  await writeFile(join(src, 'a'), 'alpha\n');
  await writeFile(join(src, 'sub', 'b'), 'beta\n');
  let r = await d.docker(['cp', src, 'web:/tmp/']);
  assert.equal(r.code, 0, r.stderr);
  const out = join(work, 'out2');
  await mkdir(out);
  r = await d.docker(['cp', 'web:/tmp/dir', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await readFile(join(out, 'dir', 'a'), 'utf8'), 'alpha\n');
  assert.equal(await readFile(join(out, 'dir', 'sub', 'b'), 'utf8'), 'beta\n');
  r = await d.docker(['cp', 'web:/nope', out]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /Could not find the file \/nope in container web|No such container:path: web:\/nope/);
});

test('cp - (a tar on stdin) into /, then out as a tar on stdout', async () => {
  const tarDir = join(work, 'tarsrc');
  await mkdir(tarDir);
  await writeFile(join(tarDir, 'x.txt'), 'from tar\n');
  const tar = execFileSync('tar', ['-C', tarDir, '-cf', '-', 'x.txt']);
  let r = await d.docker(['cp', '-', 'web:/'], { input: tar });
  assert.equal(r.code, 0, r.stderr);
  const got = await d.docker(['cp', 'web:/x.txt', '-']);
  assert.equal(got.code, 0, got.stderr);
  assert.match(got.stdout, /from tar/);
  // A member climbing out of the extraction point is refused.
  const evil = join(work, 'evil');
  await mkdir(join(evil, 'a'), { recursive: true });
  await writeFile(join(evil, 'pwn'), 'x');
  const bad = execFileSync('tar', ['-P', '-C', join(evil, 'a'), '-cf', '-', '../pwn']);
  r = await d.docker(['cp', '-', 'web:/tmp'], { input: bad });
  assert.notEqual(r.code, 0);
  await hostUntouched();
});

test('cp into a stopped container (its overlay mounted for the copy) shows in the next start', async () => {
  assert.equal((await d.docker(['create', '--name', 'stopped', 'busybox', 'cat', '/tmp/dir/a'])).code, 0);
  const r = await d.docker(['cp', join(work, 'dir'), 'stopped:/tmp/']);
  assert.equal(r.code, 0, r.stderr);
  const s = await d.docker(['start', '-a', 'stopped']);
  assert.equal(s.stdout, 'alpha\n', s.stderr);
  const out = join(work, 'out3');
  await mkdir(out);
  const back = await d.docker(['cp', 'stopped:/tmp/dir/sub/b', out]);
  assert.equal(back.code, 0, back.stderr);
  assert.equal(await readFile(join(out, 'b'), 'utf8'), 'beta\n');
});

test('symlinks out of the container resolve inside it: reading and writing through them never reaches the host', async () => {
  const out = join(work, 'out4');
  await mkdir(out);
  for (const via of ['/abs', '/rel', '/hostlink']) {
    const path = via === '/hostlink' ? `${via}/secret` : `${via}${host}/secret`;
    const r = await d.docker(['cp', `web:${path}`, '-']);
    assert.doesNotMatch(r.stdout, /HOST/, `${path} read the host's file`);
    const w = await d.docker(['cp', join(work, 'dir', 'a'), `web:${via === '/hostlink' ? via : `${via}${host}`}/`]);
    // Refused (no such directory inside the container), or the container's own symlink replaced: never the host.
    if (via !== '/hostlink') assert.notEqual(w.code, 0, `writing through ${via} succeeded`);
    await hostUntouched();
  }
  // An archive that plants a symlink to the host directory, then a file through it.
  const plant = join(work, 'plant');
  await mkdir(plant);
  execFileSync('ln', ['-s', host, join(plant, 'l')]);
  await mkdir(join(work, 'plant2', 'l'), { recursive: true });
  await writeFile(join(work, 'plant2', 'l', 'pwn'), 'pwned');
  const first = execFileSync('tar', ['-C', plant, '-cf', '-', 'l']);
  assert.equal((await d.docker(['cp', '-', 'web:/tmp'], { input: first })).code, 0);
  await d.docker(['cp', '-', 'web:/tmp'], { input: execFileSync('tar', ['-C', join(work, 'plant2'), '-cf', '-', 'l/pwn']) });
  await hostUntouched();
});

test('a symlink swapped in a loop while copying never leads to the host', async () => {
  for (let i = 0; i < 40; i++) {
    const r = await d.docker(['cp', 'web:/swap/secret', '-']);
    assert.doesNotMatch(r.stdout, /HOST/, `round ${i}: read the host's file`);
    await d.docker(['cp', join(work, 'dir', 'a'), 'web:/swap/']);
  }
  await hostUntouched();
});

test('berth cp: both directions, a new name, a tar on stdout', async () => {
  const out = join(work, 'out5');
  await mkdir(out);
  let r = await d.berth(['cp', join(work, 'dir'), 'web:/tmp/bdir']);
  assert.equal(r.code, 0, r.stderr);
  r = await d.berth(['cp', 'web:/tmp/bdir', join(out, 'renamed')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await readFile(join(out, 'renamed', 'sub', 'b'), 'utf8'), 'beta\n');
  r = await d.berth(['cp', 'web:/tmp/bdir/a', '-']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /alpha/);
  r = await d.berth(['cp', 'web:/nope', out]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), 'Error response from daemon: Could not find the file /nope in container web');
  r = await d.berth(['cp', join(work, 'dir'), 'web2:/tmp']);
  assert.notEqual(r.code, 0);
});
