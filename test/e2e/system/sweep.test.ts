// The tests' own safety net: a test process killed mid-run (SIGKILL, a timeout) leaves its berthd, containers,
// mounts, bridge and chains behind; the next test process's first TestDaemon.start sweeps them away, and never
// touches a live test's daemon.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { access, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestDaemon, sweepDeadTestDaemons } from '../../helpers/test-daemon.js';
import { exec } from '../../helpers/exec.js';
import { NODE } from '../../helpers/paths.js';

const helper = fileURLToPath(new URL('../../helpers/test-daemon.js', import.meta.url));

test('leftovers of a killed test process go; a live test daemon stays', async () => {
  const live = await TestDaemon.start({ busybox: false });
  try {
    // A child test process starts a daemon with a running container on its bridge, prints its dir, then is killed.
    const script = `import { TestDaemon } from ${JSON.stringify(helper)};
      const d = await TestDaemon.start();
      const r = await d.docker(['run', '-d', 'busybox', 'sleep', '300']);
      if (r.code !== 0) throw new Error(r.stderr);
      console.log(JSON.stringify({ dir: d.dir, bridge: d.bridge }));
      setInterval(() => {}, 1000);`;
    // Its own temp root, so that no other test process running now sweeps it before this test does.
    const root = await mkdtemp(join(tmpdir(), 'berth-sweep-'));
    const child = spawn(NODE, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TMPDIR: root } });
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout!.once('data', (b: Buffer) => resolve(b.toString()));
      child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    const { dir, bridge } = JSON.parse(line) as { dir: string; bridge: string };
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const daemonPid = Number(await readFile(`${dir}/run/berthd.pid`, 'utf8'));
    assert.ok(daemonPid > 0);
    assert.match((await exec('ip', ['-o', 'link'])).stdout, new RegExp(`: ${bridge}:`), 'the dead test left its bridge');
    assert.ok((await readFile('/proc/self/mountinfo', 'utf8')).includes(dir), 'and its mounts');

    const swept = await sweepDeadTestDaemons(root);
    await rm(root, { recursive: true, force: true });
    assert.ok(swept.includes(dir), JSON.stringify(swept));
    assert.deepEqual(await sweepDeadTestDaemons(dirname(live.dir)).then((x) => x.includes(live.dir)), false, 'a live test daemon is not swept');
    assert.equal(await access(dir).then(() => true, () => false), false);
    assert.doesNotMatch((await exec('ip', ['-o', 'link'])).stdout, new RegExp(`: ${bridge}[-:@]`));
    assert.doesNotMatch((await exec('iptables', ['-w', '-S'])).stdout, new RegExp(bridge));
    assert.ok(!(await readFile('/proc/self/mountinfo', 'utf8')).includes(dir), 'no mount left');
    const state = await readFile(`/proc/${daemonPid}/stat`, 'utf8').catch(() => '');
    assert.ok(state === '' || /^\d+ \(.*\) Z /.test(state), `the orphaned berthd is gone (${state.slice(0, 40)})`);
    assert.equal((await live.docker(['version', '-f', '{{.Server.Os}}'])).stdout.trim(), 'linux');
  } finally {
    await live.stop();
  }
});
