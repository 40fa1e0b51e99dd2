// `run`, `create`, `start`, `attach`, `wait`: the same command through docker and berth against one berthd; the
// output and the exit code must match (modulo IDs and times).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { both, sequential, normalize } from './compare.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start();
});
after(async () => {
  await d?.stop();
});

function same(p: { docker: { code: number; stdout: string; stderr: string }; berth: { code: number; stdout: string; stderr: string } }, what: string): void {
  assert.equal(p.berth.code, p.docker.code, `${what}: exit code (berth stderr: ${p.berth.stderr})`);
  assert.equal(normalize(p.berth.stdout), normalize(p.docker.stdout), `${what}: stdout`);
  assert.equal(normalize(p.berth.stderr), normalize(p.docker.stderr), `${what}: stderr`);
}

test('run: output, stderr and the exit code pass through', async () => {
  same(await both(d, ['run', '--rm', 'busybox', 'echo', 'hello']), 'echo');
  // berthd's wait(condition=removed) sometimes answers 0 for an --rm container that exited 3 (reported): assert
  // berth's code on its own and compare only the output with docker's.
  const exit3 = await both(d, ['run', '--rm', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
  assert.equal(exit3.berth.code, 3, exit3.berth.stderr);
  same({ docker: { ...exit3.docker, code: 3 }, berth: exit3.berth }, 'exit 3');
  const noRm = await both(d, ['run', 'busybox', 'sh', '-c', 'exit 5']);
  same(noRm, 'exit 5 without --rm');
  assert.equal(noRm.berth.code, 5);
  same(await both(d, ['container', 'run', '--rm', 'busybox', 'ls', '-d', '/etc']), 'flags after the image are the command');
  same(await both(d, ['run', '--rm', '-i', 'busybox', 'cat'], { input: 'from stdin\nline 2\n' }), 'stdin with -i');
  same(await both(d, ['run', '--rm', 'busybox', 'cat'], { input: 'ignored\n' }), 'no -i: no stdin');
});

test('run: options reach the container', async () => {
  const envFile = join(d.dir, 'env.list');
  await writeFile(envFile, '# comment\nB=from-file\n\nFROM_HOST\n');
  const args = [
    'run', '--rm', '-e', 'A=1', '--env=C=3', '--env-file', envFile, '-w', '/tmp', '-u', '1000:1000', '-h', 'myhost', '-l', 'x=y',
    '--network', 'none', '--entrypoint', 'sh', 'busybox', '-c', 'echo $A $B $C $FROM_HOST; pwd; id -u; id -g; hostname',
  ];
  const p = await both(d, args, { env: { FROM_HOST: 'host-value' } });
  same(p, 'options');
  assert.equal(p.berth.stdout, '1 from-file 3 host-value\n/tmp\n1000\n1000\nmyhost\n');
});

test('run: 125 for daemon errors, 126 cannot invoke, 127 not found — with docker\'s messages', async () => {
  same(await sequential(d, ['run', 'busybox', 'nosuchcmd']), 'not found');
  same(await sequential(d, ['run', 'busybox', '/etc']), 'not executable');
  same(await both(d, ['run', '--rm', 'nosuchimage']), 'missing image');
  same(await both(d, ['run', '--name', 'bad/name', 'busybox']), 'bad name');
  // Flag values docker rejects itself: the usage layout, 125; -a with -d: a plain error, exit 1.
  same(await both(d, ['run', '--rm', '-a', 'bogus', 'busybox', 'true']), 'bad -a value');
  same(await both(d, ['run', '--rm', '-e', '=X', 'busybox', 'true']), 'bad -e value');
  same(await both(d, ['create', '-a', 'Bogus', 'busybox']), 'create: bad -a value');
  same(await both(d, ['run', '-d', '-a', 'stdout', 'busybox', 'true']), '-a with -d');
  // `-e NAME` unset here goes to the daemon as is (docker's ValidateEnv), whatever the daemon makes of it.
  same(await sequential(d, ['run', '--rm', '-e', 'BERTH_SURELY_UNSET', 'busybox', 'true']), '-e unset NAME');
});

test('create fills Attach*/OpenStdin/StdinOnce as docker create does; run -d clears them', async () => {
  const fmt = '{{.Config.AttachStdin}} {{.Config.AttachStdout}} {{.Config.AttachStderr}} {{.Config.OpenStdin}} {{.Config.StdinOnce}}';
  const variants = [['create'], ['create', '-i'], ['create', '-a', 'stdout'], ['create', '-a', 'stdin', '-a', 'stderr', '-i'], ['run', '-d', '-i']];
  for (const v of variants) {
    const ids: Record<string, string> = {};
    for (const cli of ['docker', 'berth'] as const) {
      const r = await d[cli]([...v, 'busybox', 'true']);
      assert.equal(r.code, 0, `${cli} ${v.join(' ')}: ${r.stderr}`);
      ids[cli] = r.stdout.trim();
    }
    const shown = await d.docker(['inspect', '-f', fmt, ids.docker!, ids.berth!]);
    const [docker, berth] = shown.stdout.trim().split('\n');
    assert.equal(berth, docker, v.join(' '));
  }
});

test('run -d prints the full ID; logs, wait and ps see the container', async () => {
  const b = await d.berth(['run', '-d', '--name', 'det', 'busybox', 'sh', '-c', 'echo started; sleep 0.3; exit 7']);
  assert.equal(b.code, 0, b.stderr);
  assert.match(b.stdout, /^[0-9a-f]{64}\n$/);
  same(await sequential(d, ['wait', 'det']), 'wait');
  same(await both(d, ['logs', 'det']), 'logs');
  same(await both(d, ['ps', '-a', '--filter', 'name=det', '--format', '{{.Names}} {{.Status}} {{.Command}}']), 'ps');
  same(await both(d, ['wait', 'nosuch']), 'wait missing');
});

test('create + start -a; start; attach to a stopped container', async () => {
  for (const cli of ['docker', 'berth'] as const) {
    const c = await d[cli](['create', '--name', `cr-${cli}`, 'busybox', 'sh', '-c', 'echo created-ran; exit 4']);
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /^[0-9a-f]{64}\n$/);
  }
  const p = { docker: await d.docker(['start', '-a', 'cr-docker']), berth: await d.berth(['start', '-a', 'cr-berth']) };
  same(p, 'start -a');
  assert.equal(p.berth.code, 4);
  const s = { docker: await d.docker(['start', 'cr-docker', 'nosuch']), berth: await d.berth(['start', 'cr-berth', 'nosuch']) };
  assert.equal(s.berth.code, s.docker.code);
  assert.equal(s.berth.stdout.replace('berth', 'docker'), s.docker.stdout);
  assert.equal(s.berth.stderr, s.docker.stderr);
  await d.docker(['wait', 'cr-docker']);
  same(await both(d, ['attach', 'cr-docker']), 'attach to stopped');
  same(await both(d, ['create', 'nosuchimage']), 'create: missing image');
});
