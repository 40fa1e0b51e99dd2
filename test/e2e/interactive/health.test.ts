// Health checks: --health-* flags and an image's HEALTHCHECK, probes run as execs, .State.Health (Status,
// FailingStreak, Log), the ps status suffix and health filter, health_status events, timeouts, the start period,
// --no-healthcheck. Transitions are awaited with bounded polls.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { BUSYBOX_ROOTFS_SCRIPT } from '../../helpers/paths.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start();
});
after(async () => {
  await d?.stop();
});

interface Health {
  Status: string;
  FailingStreak: number;
  Log: Array<{ ExitCode: number; Output: string; Start: string; End: string }>;
}
const health = async (name: string) => JSON.parse((await d.docker(['inspect', '-f', '{{json .State.Health}}', name])).stdout) as Health | null;

async function waitFor(name: string, status: string, timeoutMs = 10_000): Promise<Health> {
  const deadline = Date.now() + timeoutMs;
  let h: Health | null = null;
  while (Date.now() < deadline) {
    h = await health(name);
    if (h?.Status === status) return h;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not become ${status} within ${timeoutMs} ms: ${JSON.stringify(h)}`);
}

const status = async (name: string) => (await d.docker(['ps', '--filter', `name=^${name}$`, '--format', '{{.Status}}'])).stdout.trim();

test('--health-cmd: starting -> unhealthy after the retries -> healthy; ps, filter, events, log', async () => {
  const since = Math.floor(Date.now() / 1000) - 1;
  const r = await d.docker(['run', '-d', '--name', 'hc', '--health-cmd', 'echo probing; test -e /tmp/ok', '--health-interval', '200ms', '--health-retries', '2', 'busybox', 'sleep', '1000']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(await status('hc'), /^Up .* \(health: starting\)$/);
  const bad = await waitFor('hc', 'unhealthy');
  assert.ok(bad.FailingStreak >= 2, JSON.stringify(bad));
  assert.equal(bad.Log.at(-1)!.ExitCode, 1);
  assert.equal(bad.Log.at(-1)!.Output, 'probing\n');
  assert.match(await status('hc'), /\(unhealthy\)$/);
  assert.equal((await d.docker(['exec', 'hc', 'touch', '/tmp/ok'])).code, 0);
  const good = await waitFor('hc', 'healthy');
  assert.equal(good.FailingStreak, 0);
  assert.ok(good.Log.length <= 5);
  assert.match(await status('hc'), /\(healthy\)$/);
  assert.equal((await d.docker(['ps', '--filter', 'health=healthy', '--format', '{{.Names}}'])).stdout.trim(), 'hc');
  assert.equal((await d.docker(['ps', '--filter', 'health=unhealthy', '--format', '{{.Names}}'])).stdout.trim(), '');
  const until = Math.ceil(Date.now() / 1000) + 1;
  const ev = await d.docker(['events', '--since', String(since), '--until', String(until), '--filter', 'container=hc', '--format', '{{.Action}}']);
  const actions = ev.stdout.split('\n').filter((a) => a.startsWith('health_status'));
  assert.deepEqual(actions, ['health_status: unhealthy', 'health_status: healthy']);
  await d.docker(['rm', '-f', 'hc']);
});

test('a probe past --health-timeout fails with exit -1 and docker\'s message', async () => {
  const r = await d.docker(['run', '-d', '--name', 'hto', '--health-cmd', 'sleep 5', '--health-timeout', '300ms', '--health-interval', '200ms', '--health-retries', '1', 'busybox', 'sleep', '1000']);
  assert.equal(r.code, 0, r.stderr);
  const h = await waitFor('hto', 'unhealthy');
  assert.equal(h.Log[0]!.ExitCode, -1);
  assert.equal(h.Log[0]!.Output, 'Health check exceeded timeout (300ms)');
  assert.ok(Date.parse(h.Log[0]!.End) - Date.parse(h.Log[0]!.Start) < 3000);
  await d.docker(['rm', '-f', 'hto']);
});

test('failures in the start period do not count', async () => {
  const r = await d.docker(['run', '-d', '--name', 'hsp', '--health-cmd', 'false', '--health-interval', '200ms', '--health-retries', '1', '--health-start-period', '30s', 'busybox', 'sleep', '1000']);
  assert.equal(r.code, 0, r.stderr);
  const deadline = Date.now() + 10_000;
  let h = await health('hsp');
  while ((h?.Log.length ?? 0) < 2 && Date.now() < deadline) {
    await new Promise((res) => setTimeout(res, 100));
    h = await health('hsp');
  }
  assert.ok(h && h.Log.length >= 2, JSON.stringify(h));
  assert.equal(h.Status, 'starting');
  assert.equal(h.FailingStreak, 0);
  await d.docker(['rm', '-f', 'hsp']);
});

test('an image HEALTHCHECK is used; --no-healthcheck turns it off; conflicting flags are refused', async () => {
  await new Promise<void>((resolve, reject) => {
    const mk = spawn(BUSYBOX_ROOTFS_SCRIPT, ['-'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const imp = spawn('docker', ['import', '--change', 'CMD ["sleep", "1000"]', '--change', 'HEALTHCHECK --interval=200ms --retries=1 CMD test -e /etc/passwd', '-', 'hcimage'], { stdio: ['pipe', 'ignore', 'inherit'], env: d.env });
    mk.stdout!.pipe(imp.stdin!);
    imp.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`import exited ${code}`))));
  });
  const img = await d.docker(['image', 'inspect', '-f', '{{json .Config.Healthcheck}}', 'hcimage']);
  assert.match(img.stdout, /"Test":\["CMD-SHELL","test -e \/etc\/passwd"\]/);
  assert.equal((await d.docker(['run', '-d', '--name', 'himg', 'hcimage'])).code, 0);
  await waitFor('himg', 'healthy');
  assert.equal((await d.docker(['run', '-d', '--name', 'hnone', '--no-healthcheck', 'hcimage'])).code, 0);
  await new Promise((r) => setTimeout(r, 600));
  assert.equal(await health('hnone'), null);
  assert.match(await status('hnone'), /^Up [^(]*$/);
  const conflict = await d.docker(['run', '-d', '--no-healthcheck', '--health-cmd', 'true', 'busybox']);
  assert.equal(conflict.code, 125);
  assert.match(conflict.stderr, /--no-healthcheck conflicts with --health-\* options/);
  const berthConflict = await d.berth(['run', '-d', '--no-healthcheck', '--health-retries', '2', 'busybox']);
  assert.equal(berthConflict.code, 125);
  assert.match(berthConflict.stderr, /--no-healthcheck conflicts with --health-\* options/);
  // the berth CLI sends the same Healthcheck the docker CLI does
  assert.equal((await d.berth(['run', '-d', '--name', 'hberth', '--health-cmd', 'true', '--health-interval', '200ms', 'busybox', 'sleep', '1000'])).code, 0);
  await waitFor('hberth', 'healthy');
  await d.docker(['rm', '-f', 'himg', 'hnone', 'hberth']);
});
