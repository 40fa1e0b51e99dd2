// docker cp into and out of a container's mounts: a named volume, a bind, tmpfs; on a running container (the
// container's own view) and a stopped one (volumes and binds attached for the copy); read-only mounts and a
// read-only rootfs refused with docker's words; a symlink in the rootfs leading to a volume followed as the
// container sees it; and a symlink swapped in a loop inside a volume and a bind while copying never leads out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { TestDaemon } from '../../helpers/test-daemon.js';

let d: TestDaemon;
let work: string;
/** What the swap loops point at: nothing may read or write it through a container. */
let host: string;
/** A bind source, next to `host` (so `../host` from inside it would reach `host` if resolved on the host). */
let bindDir: string;
let roDir: string;
let file: string;

before(async () => {
  d = await TestDaemon.start();
  work = await mkdtemp(join(tmpdir(), 'berth-cpm-'));
  host = join(work, 'host');
  bindDir = join(work, 'bind');
  roDir = join(work, 'ro');
  for (const dir of [host, bindDir, roDir]) await mkdir(dir);
  await writeFile(join(host, 'secret'), 'HOST\n');
  await writeFile(join(bindDir, 'from-host'), 'bound\n');
  await writeFile(join(roDir, 'kept'), 'ro\n');
  file = join(work, 'f.txt');
  await writeFile(file, 'copied\n');
  const run = await d.docker([
    'run', '-d', '--name', 'web', '-v', 'cpdata:/data', '-v', `${bindDir}:/srv`, '-v', `${roDir}:/ro:ro`, '-v', 'cpro:/rovol:ro',
    '--tmpfs', '/scratch', '--mount', 'type=tmpfs,dst=/t2', 'busybox', 'sh', '-c', 'ln -s /data /link; exec sleep 600',
  ]);
  assert.equal(run.code, 0, run.stderr);
});
after(async () => {
  await d?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

async function volumeFile(volume: string, path: string): Promise<string> {
  const r = await d.docker(['run', '--rm', '-v', `${volume}:/v`, 'busybox', 'cat', `/v/${path}`]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

async function outDir(name: string): Promise<string> {
  const out = join(work, name);
  await mkdir(out);
  return out;
}

test('a named volume of a running container: cp in lands in the volume, cp out reads it', async () => {
  const since = Math.floor(Date.now() / 1000) - 1;
  let r = await d.docker(['cp', file, 'web:/data/']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await volumeFile('cpdata', 'f.txt'), 'copied\n');
  const out = await outDir('out-vol');
  r = await d.docker(['cp', 'web:/data/f.txt', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await readFile(join(out, 'f.txt'), 'utf8'), 'copied\n');
  // The whole mount point as a directory.
  r = await d.docker(['cp', 'web:/data', join(out, 'all')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await readFile(join(out, 'all', 'f.txt'), 'utf8'), 'copied\n');
  // dockerd's events for a copy in and out.
  const ev = await d.docker(['events', '--since', String(since), '--until', String(Math.floor(Date.now() / 1000) + 1), '--filter', 'container=web', '--format', '{{.Action}}']);
  assert.equal(ev.code, 0, ev.stderr);
  assert.ok(ev.stdout.split('\n').includes('extract-to-dir'), ev.stdout);
  assert.ok(ev.stdout.split('\n').includes('archive-path'), ev.stdout);
});

test('a bind of a running container: cp in writes the host directory, cp out reads it', async () => {
  let r = await d.docker(['cp', file, 'web:/srv/in.txt']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await readFile(join(bindDir, 'in.txt'), 'utf8'), 'copied\n');
  r = await d.docker(['cp', 'web:/srv/from-host', '-']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /bound/);
});

test('tmpfs mounts of a running container: cp in shows inside it, cp out reads it', async () => {
  for (const dir of ['/scratch', '/t2']) {
    let r = await d.docker(['cp', file, `web:${dir}/`]);
    assert.equal(r.code, 0, r.stderr);
    r = await d.docker(['exec', 'web', 'cat', `${dir}/f.txt`]);
    assert.equal(r.stdout, 'copied\n', `${dir}: ${r.stderr}`);
    assert.equal((await d.docker(['exec', 'web', 'sh', '-c', `echo made > ${dir}/made`])).code, 0);
    r = await d.docker(['cp', `web:${dir}/made`, '-']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /made/);
  }
});

test('read-only mounts refuse a copy in with docker\'s message and stay unchanged', async () => {
  for (const dest of ['web:/ro/', 'web:/rovol/']) {
    const r = await d.docker(['cp', file, dest]);
    assert.equal(r.code, 1, `${dest}: ${r.stdout}`);
    assert.equal(r.stderr.trim(), 'Error response from daemon: mounted volume is marked read-only');
  }
  assert.deepEqual(await readdir(roDir), ['kept']);
  // Reading from them works.
  const r = await d.docker(['cp', 'web:/ro/kept', '-']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /ro/);
});

test('a symlink in the rootfs that leads to a volume is followed the way the container sees it', async () => {
  let r = await d.docker(['cp', file, 'web:/link/via-link.txt']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await volumeFile('cpdata', 'via-link.txt'), 'copied\n');
  // The link itself as the destination: the CLI asks where it leads (/data) and copies into that directory.
  r = await d.docker(['cp', file, 'web:/link']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await volumeFile('cpdata', 'f.txt'), 'copied\n');
  r = await d.docker(['cp', 'web:/link/via-link.txt', '-']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /copied/);
});

test('a read-only rootfs refuses copies into it but not into its writable volume', async () => {
  assert.equal((await d.docker(['run', '-d', '--name', 'rofs', '--read-only', '-v', 'cprofs:/data', 'busybox', 'sleep', '600'])).code, 0);
  let r = await d.docker(['cp', file, 'rofs:/data/']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await volumeFile('cprofs', 'f.txt'), 'copied\n');
  r = await d.docker(['cp', file, 'rofs:/tmp/']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), 'Error response from daemon: container rootfs is marked read-only');
  // Stopped: the same answers from the view mounted for the copy.
  assert.equal((await d.docker(['create', '--name', 'rofs2', '--read-only', '-v', 'cprofs:/data', 'busybox', 'true'])).code, 0);
  r = await d.docker(['cp', file, 'rofs2:/data/again.txt']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await volumeFile('cprofs', 'again.txt'), 'copied\n');
  r = await d.docker(['cp', file, 'rofs2:/tmp/']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), 'Error response from daemon: container rootfs is marked read-only');
});

test('a stopped container: its volume and bind are attached for the copy, read-only ones refused, nothing left mounted', async () => {
  const stoppedBind = join(work, 'stopped-bind');
  await mkdir(stoppedBind);
  const c = await d.docker([
    'create', '--name', 'stopped', '-v', 'cpstopped:/data', '-v', `${stoppedBind}:/srv`, '-v', `${roDir}:/ro:ro`,
    'busybox', 'cat', '/data/f.txt', '/srv/f.txt', '/data/via-link.txt',
  ]);
  assert.equal(c.code, 0, c.stderr);
  let r = await d.docker(['cp', file, 'stopped:/data/']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await volumeFile('cpstopped', 'f.txt'), 'copied\n');
  r = await d.docker(['cp', file, 'stopped:/srv/']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await readFile(join(stoppedBind, 'f.txt'), 'utf8'), 'copied\n');
  r = await d.docker(['cp', file, 'stopped:/ro/']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), 'Error response from daemon: mounted volume is marked read-only');
  assert.deepEqual(await readdir(roDir), ['kept']);
  // A symlink planted in the rootfs that leads to the volume, then a copy through it.
  const plant = join(work, 'plant');
  await mkdir(plant);
  execFileSync('ln', ['-s', '/data', join(plant, 'link')]);
  r = await d.docker(['cp', '-', 'stopped:/'], { input: execFileSync('tar', ['-C', plant, '-cf', '-', 'link']) });
  assert.equal(r.code, 0, r.stderr);
  r = await d.docker(['cp', file, 'stopped:/link/via-link.txt']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await volumeFile('cpstopped', 'via-link.txt'), 'copied\n');
  // Reading back out of the stopped container's mounts.
  r = await d.docker(['cp', 'stopped:/srv/f.txt', '-']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /copied/);
  r = await d.docker(['cp', 'stopped:/ro/kept', '-']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /ro/);
  // The container sees what was copied.
  const s = await d.docker(['start', '-a', 'stopped']);
  assert.equal(s.stdout, 'copied\ncopied\ncopied\n', s.stderr);
  const mounts = await readFile('/proc/self/mountinfo', 'utf8');
  assert.doesNotMatch(mounts, new RegExp(`${d.dataRoot}/tmp/cp-`), 'a view of the stopped container stayed mounted');
});

test('a symlink swapped in a loop inside a volume and a bind while copying never leads out of the container', async () => {
  const loop = [
    `while true; do`,
    `rm -rf /data/swap; mkdir /data/swap; echo inside > /data/swap/secret; rm -rf /data/swap; ln -s ${host} /data/swap;`,
    `rm -rf /data/swap; ln -s ../../../../../../../../../../..${host} /data/swap;`,
    `rm -rf /srv/swap; mkdir /srv/swap; echo inside > /srv/swap/secret; rm -rf /srv/swap; ln -s ../host /srv/swap;`,
    `done`,
  ].join(' ');
  const r = await d.docker(['run', '-d', '--name', 'swapper', '-v', 'cpswap:/data', '-v', `${bindDir}:/srv`, 'busybox', 'sh', '-c', loop]);
  assert.equal(r.code, 0, r.stderr);
  for (let i = 0; i < 30; i++) {
    for (const dir of ['/data/swap', '/srv/swap']) {
      const got = await d.docker(['cp', `swapper:${dir}/secret`, '-']);
      assert.doesNotMatch(got.stdout, /HOST/, `round ${i}: read the host's file through ${dir}`);
      await d.docker(['cp', file, `swapper:${dir}/`]);
    }
  }
  // The loop kept swapping all along (a loop that died early would make this test pass for nothing).
  const state = await d.docker(['inspect', '-f', '{{.State.Running}}', 'swapper']);
  assert.equal(state.stdout.trim(), 'true');
  assert.deepEqual(await readdir(host), ['secret']);
  assert.equal(await readFile(join(host, 'secret'), 'utf8'), 'HOST\n');
});
