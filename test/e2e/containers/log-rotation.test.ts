// Log rotation by size (--log-opt max-size/max-file), `docker logs` across the rotated files, a follower that sees
// every line once across rotations, --details, and LogConfig errors, through the real docker CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TestDaemon } from '../../helpers/test-daemon.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start();
});
after(async () => {
  await d?.stop();
});

const MAX_SIZE = 8 * 1024;
const LINES = 2000;
const all = Array.from({ length: LINES }, (_, i) => `line-${i}`);

/** The text of the lines in a container's log files on disk, oldest file first. */
async function keptLines(dir: string): Promise<{ files: string[]; lines: string[] }> {
  const names = (await readdir(dir)).filter((n) => /^ctr\.log(\.\d+)?$/.test(n));
  const index = (n: string) => (n === 'ctr.log' ? 0 : Number(n.slice(8)));
  names.sort((a, b) => index(b) - index(a));
  const lines: string[] = [];
  for (const n of names) {
    for (const l of (await readFile(join(dir, n), 'utf8')).split('\n')) if (l) lines.push(l.slice(l.indexOf(' F ') + 3));
  }
  return { files: names, lines };
}

test('max-size/max-file rotate the log; logs returns exactly the kept lines in order; logs -f sees every line once', async () => {
  // ~50 KB/s of log records after a pause that lets the follower attach first
  const script = `sleep 1; i=0; while [ $i -lt ${LINES} ]; do echo line-$i; i=$((i+1)); [ $((i % 10)) = 0 ] && usleep 10000; done; true`;
  const r = await d.docker(['run', '-d', '--name', 'rot', '--log-opt', `max-size=${MAX_SIZE / 1024}k`, '--log-opt', 'max-file=3', 'busybox', 'sh', '-c', script]);
  assert.equal(r.code, 0, r.stderr);
  const id = r.stdout.trim();
  const follower = spawn('docker', ['logs', '-f', 'rot'], { env: d.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let followed = '';
  follower.stdout.on('data', (b: Buffer) => (followed += b.toString()));
  const followerDone = new Promise<number | null>((res) => follower.on('close', res));
  const timer = setTimeout(() => follower.kill(), 30_000);
  const code = await followerDone;
  clearTimeout(timer);
  assert.equal(code, 0);
  assert.deepEqual(followed.trimEnd().split('\n'), all, 'the follower saw every line once, in order');

  const dir = join(d.dataRoot, 'containers', id);
  const kept = await keptLines(dir);
  assert.ok(kept.files.length >= 2 && kept.files.length <= 3, `files: ${kept.files.join(' ')}`);
  assert.ok(!kept.files.includes('ctr.log.3'));
  for (const f of kept.files) {
    const { size } = await stat(join(dir, f));
    assert.ok(size <= 4 * MAX_SIZE, `${f} is ${size} bytes`);
  }
  const logs = await d.docker(['logs', 'rot']);
  assert.equal(logs.code, 0, logs.stderr);
  const got = logs.stdout.trimEnd().split('\n');
  assert.deepEqual(got, kept.lines, 'logs prints the lines of the kept files');
  assert.ok(got.length < LINES && got.length > 100, `kept ${got.length} lines`);
  assert.deepEqual(got, all.slice(LINES - got.length), 'the newest lines, in order, none missing');
  assert.equal((await d.docker(['logs', '--tail', '3', 'rot'])).stdout, `${all.slice(-3).join('\n')}\n`);
  const tailAcross = kept.lines.length - 5; // more lines than the live file holds
  assert.equal((await d.docker(['logs', '--tail', String(tailAcross), 'rot'])).stdout, `${all.slice(-tailAcross).join('\n')}\n`);
  const inspect = await d.docker(['inspect', '-f', '{{json .HostConfig.LogConfig}}', 'rot']);
  assert.deepEqual(JSON.parse(inspect.stdout), { Type: 'k8s-file', Config: { 'max-file': '3', 'max-size': '8k' } });
});

test('max-file=1 keeps only the live file', async () => {
  const script = 'i=0; while [ $i -lt 600 ]; do echo line-$i; i=$((i+1)); [ $((i % 10)) = 0 ] && usleep 10000; done';
  const r = await d.docker(['run', '--name', 'one', '--log-driver', 'json-file', '--log-opt', 'max-size=4k', 'busybox', 'sh', '-c', script]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trimEnd().split('\n').length, 600, 'attach saw every line across the rotations');
  const id = (await d.docker(['inspect', '-f', '{{.Id}}', 'one'])).stdout.trim();
  const kept = await keptLines(join(d.dataRoot, 'containers', id));
  assert.ok(kept.files.length <= 1, kept.files.join(' '));
  const logs = (await d.docker(['logs', 'one'])).stdout.trimEnd();
  const got = logs ? logs.split('\n') : [];
  assert.deepEqual(got, kept.lines);
  assert.ok(got.length < 600);
  // started again: the attached client sees exactly the new run's output (nothing replayed from before)
  const again = await d.docker(['start', '-a', 'one']);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(again.stdout.trimEnd().split('\n'), Array.from({ length: 600 }, (_, i) => `line-${i}`));
});

test('--details prints the attributes named by labels/env/env-regex/tag, sorted, before each line', async () => {
  const r = await d.docker(['run', '--name', 'det', '--label', 'a=1', '--label', 'b=2', '-e', 'X=ex', '-e', 'Y=why', '--log-opt', 'labels=b,a,zz', '--log-opt', 'env=Y,X', '--log-opt', 'tag={{.Name}}/x', 'busybox', 'sh', '-c', 'echo one; echo two >&2']);
  assert.equal(r.code, 0, r.stderr);
  const details = await d.docker(['logs', '--details', 'det']);
  assert.equal(details.stdout, 'X=ex,Y=why,a=1,b=2,tag=det%2Fx one\n');
  assert.equal(details.stderr, 'X=ex,Y=why,a=1,b=2,tag=det%2Fx two\n');
  const ts = await d.docker(['logs', '--details', '-t', 'det']);
  assert.match(ts.stdout, /^\d{4}-\d\d-\d\dT[\d:.]+Z X=ex,Y=why,a=1,b=2,tag=det%2Fx one\n$/);
  await d.docker(['run', '--name', 'plain', 'busybox', 'echo', 'plain']);
  assert.equal((await d.docker(['logs', '--details', 'plain'])).stdout, ' plain\n');
  const berth = await d.berth(['logs', '--details', 'det']);
  assert.equal(berth.stdout, 'X=ex,Y=why,a=1,b=2,tag=det%2Fx one\n');
});

test("bad --log-opt/--log-driver values: dockerd's messages, exit 125, no container left", async () => {
  const cases: Array<[string[], string]> = [
    [['--log-opt', 'max-size=abc'], "failed to initialize logging driver: invalid size: 'abc'"],
    [['--log-opt', 'max-size=0'], 'failed to initialize logging driver: max-size must be a positive number'],
    [['--log-opt', 'max-size=1m', '--log-opt', 'max-file=0'], 'failed to initialize logging driver: max-file cannot be less than 1'],
    [['--log-opt', 'max-size=1m', '--log-opt', 'max-file=x'], 'failed to initialize logging driver: strconv.Atoi: parsing "x": invalid syntax'],
    [['--log-opt', 'foo=bar'], "unknown log opt 'foo' for json-file log driver".replace('json-file', 'k8s-file')],
    [['--log-driver', 'json-file', '--log-opt', 'foo=bar'], "unknown log opt 'foo' for json-file log driver"],
    [['--log-driver', 'nosuch'], 'error looking up logging plugin nosuch: plugin "nosuch" not found'],
  ];
  for (const [flags, message] of cases) {
    const r = await d.docker(['run', '--name', 'bad', ...flags, 'busybox', 'true']);
    assert.equal(r.code, 125, `${flags.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`Error response from daemon: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), flags.join(' '));
    assert.equal((await d.docker(['ps', '-aq', '--filter', 'name=^bad$'])).stdout, '', 'nothing was created');
    const b = await d.berth(['run', '--name', 'bad', ...flags, 'busybox', 'true']);
    assert.equal(b.code, 125, `berth ${flags.join(' ')}: ${b.stderr}`);
    assert.ok(b.stderr.includes(message), b.stderr);
  }
  const none = await d.docker(['run', '--name', 'bad', '--log-driver', 'none', '--log-opt', 'max-size=1m', 'busybox', 'true']);
  assert.equal(none.code, 125);
  assert.match(none.stderr, /invalid logging opts for driver none/);
  const noneBerth = await d.berth(['run', '--name', 'bad', '--log-driver', 'none', '--log-opt', 'max-size=1m', 'busybox', 'true']);
  assert.equal(noneBerth.code, 125);
  assert.match(noneBerth.stderr, /invalid logging opts for driver none/);
});

test('--log-driver none: the container runs and attaches, logs cannot be read', async () => {
  const r = await d.docker(['run', '--name', 'nolog', '--log-driver', 'none', 'busybox', 'echo', 'hi']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'hi\n');
  const logs = await d.docker(['logs', 'nolog']);
  assert.equal(logs.code, 1);
  assert.equal(logs.stderr.trim(), 'Error response from daemon: configured logging driver does not support reading');
});

test('berth run --log-opt rotates the same way', async () => {
  const r = await d.berth(['run', '-d', '--name', 'brot', '--log-opt', 'max-size=4k', '--log-opt', 'max-file=2', 'busybox', 'sh', '-c', 'i=0; while [ $i -lt 400 ]; do echo line-$i; i=$((i+1)); [ $((i % 10)) = 0 ] && usleep 5000; done']);
  assert.equal(r.code, 0, r.stderr);
  await d.docker(['wait', 'brot']);
  const id = (await d.docker(['inspect', '-f', '{{.Id}}', 'brot'])).stdout.trim();
  const kept = await keptLines(join(d.dataRoot, 'containers', id));
  assert.ok(kept.files.length <= 2 && kept.files.includes('ctr.log.1'), kept.files.join(' '));
  const logs = (await d.berth(['logs', 'brot'])).stdout.trimEnd().split('\n');
  assert.deepEqual(logs, kept.lines);
  assert.equal(logs.at(-1), 'line-399');
});

test('rotation goes on for a running container after berthd restarts', async () => {
  const script = 'i=0; while true; do echo line-$i; i=$((i+1)); [ $((i % 10)) = 0 ] && usleep 20000; done';
  const r = await d.docker(['run', '-d', '--name', 'keep', '--log-opt', 'max-size=4k', '--log-opt', 'max-file=2', 'busybox', 'sh', '-c', script]);
  assert.equal(r.code, 0, r.stderr);
  const dir = join(d.dataRoot, 'containers', r.stdout.trim());
  await d.stopDaemon('SIGTERM');
  await d.startDaemon();
  // with berthd down conmon kept logging; once re-adopted, the log is rotated again (at most 2 files, bounded)
  const deadline = Date.now() + 15_000;
  for (;;) {
    await new Promise((res) => setTimeout(res, 500));
    const names = (await readdir(dir)).filter((n) => n.startsWith('ctr.log'));
    const live = await stat(join(dir, 'ctr.log')).catch(() => undefined);
    if (names.includes('ctr.log.1') && live && live.size < 4 * 4096 && !names.includes('ctr.log.2')) break;
    assert.ok(Date.now() < deadline, `not rotated after the restart: ${names.join(' ')} live=${live?.size}`);
  }
  const logs = (await d.docker(['logs', 'keep'])).stdout.trimEnd().split('\n');
  const first = Number(logs[0]!.slice(5));
  assert.deepEqual(logs, Array.from({ length: logs.length }, (_, i) => `line-${first + i}`), 'contiguous lines');
  await d.docker(['rm', '-f', 'keep']);
});
