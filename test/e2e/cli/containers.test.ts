// ps, logs, inspect, stop/kill/restart/rm/rename, container prune: docker and berth side by side on one berthd.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { both, normalize, cells, type Pair } from './compare.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start();
  const run = async (args: string[]) => assert.equal((await d.docker(args)).code, 0);
  await run(['run', '-d', '--name', 'web', '-l', 'tier=front', '-l', 'app=shop', 'busybox', 'sh', '-c', "while true; do sleep 1; done"]);
  await run(['run', '--name', 'done', 'busybox', 'sh', '-c', 'echo one; echo two >&2; echo three']);
});
after(async () => {
  await d?.stop();
});

function same(p: Pair, what: string, table = false): void {
  assert.equal(p.berth.code, p.docker.code, `${what}: exit code (berth stderr: ${p.berth.stderr})`);
  if (table) assert.deepEqual(cells(p.berth.stdout), cells(p.docker.stdout), `${what}: stdout`);
  else assert.equal(normalize(p.berth.stdout), normalize(p.docker.stdout), `${what}: stdout`);
  assert.equal(normalize(p.berth.stderr), normalize(p.docker.stderr), `${what}: stderr`);
}

test('ps: tables, -q, --no-trunc, filters, -n/-l, --format', async () => {
  same(await both(d, ['ps']), 'ps', true);
  same(await both(d, ['ps', '-a']), 'ps -a', true);
  same(await both(d, ['container', 'ls', '-a', '--no-trunc']), 'ps --no-trunc', true);
  same(await both(d, ['ps', '-aq']), 'ps -aq');
  same(await both(d, ['ps', '-a', '--filter', 'label=tier=front', '--format', '{{.Names}}']), 'ps --filter label');
  same(await both(d, ['ps', '-a', '-f', 'status=exited', '-q']), 'ps -f status');
  same(await both(d, ['ps', '-n', '1', '--format', '{{.Names}}']), 'ps -n 1');
  same(await both(d, ['ps', '-l', '--format', '{{.Names}}']), 'ps -l');
  same(await both(d, ['ps', '-a', '--format', 'table {{.ID}}\\t{{.Names}}\\t{{.State}}\\t{{.Label "tier"}}']), 'ps table template', true);
  same(await both(d, ['ps', '-a', '--format', '{{.Names}}|{{.Labels}}|{{.Command}}|{{.Image}}|{{.Networks}}|{{.Mounts}}|{{.LocalVolumes}}|{{.Ports}}']), 'ps fields');
  same(await both(d, ['ps', '-a', '--format', 'json']), 'ps json');
  same(await both(d, ['ps', '-a', '--format', '{{json .}}']), 'ps {{json .}}');
  same(await both(d, ['ps', '-q', '--format', '{{.Names}}']), 'ps -q with --format');
  same(await both(d, ['ps', '-a', '-s', '--format', '{{.Names}} {{.Size}}']), 'ps -s');
  same(await both(d, ['ps', '--format', '{{.Nope}}']), 'ps bad field');
  same(await both(d, ['ps', '--format', '{{.Names']), 'ps unclosed action');
  same(await both(d, ['ps', '-a', '--format', 'x {{.State.Foo}}']), 'ps field of a string');
});

test('logs: streams, --tail, -n, -t, --since', async () => {
  same(await both(d, ['logs', 'done']), 'logs');
  same(await both(d, ['logs', '--tail', '1', 'done']), 'logs --tail');
  same(await both(d, ['container', 'logs', '-n', '2', 'done']), 'logs -n');
  same(await both(d, ['logs', '-t', 'done']), 'logs -t');
  same(await both(d, ['logs', '--since', '1h', 'done']), 'logs --since');
  same(await both(d, ['logs', '-f', 'done']), 'logs -f on an exited container');
  same(await both(d, ['logs', 'nosuch']), 'logs missing');
});

test('inspect: JSON, --format, --type, missing objects', async () => {
  same(await both(d, ['inspect', 'web']), 'inspect');
  same(await both(d, ['container', 'inspect', 'done', 'web']), 'container inspect two');
  same(await both(d, ['inspect', '--format', '{{.State.Status}} {{.Name}} {{index .Config.Labels "tier"}} {{json .Config.Cmd}}', 'web', 'done']), 'inspect --format');
  same(await both(d, ['inspect', '-f', '{{range .Config.Env}}{{.}},{{end}}{{if .State.Running}}up{{else}}down{{end}}', 'web']), 'inspect range/if');
  same(await both(d, ['inspect', '--type', 'image', '--format', '{{.Id}}', 'busybox']), 'inspect --type image');
  same(await both(d, ['inspect', 'nosuch']), 'inspect missing');
  same(await both(d, ['inspect', '--format', '{{.Foo', 'web']), 'inspect template parse error (exit 64)');
  same(await both(d, ['container', 'inspect', 'nosuch']), 'container inspect missing');
  same(await both(d, ['inspect', '--type', 'container', 'busybox']), 'inspect --type container on an image');
});

test('stop, kill, restart, rm, rename: same output for the same operations', async () => {
  for (const cli of ['docker', 'berth'] as const) {
    const r = await d.docker(['run', '-d', '--name', `life-${cli}`, 'busybox', 'sleep', '1000']);
    assert.equal(r.code, 0, r.stderr);
  }
  const pair = async (args: (name: string) => string[]): Promise<Pair> => {
    const docker = await d.docker(args('life-docker'));
    const berth = await d.berth(args('life-berth'));
    return { docker, berth: { ...berth, stdout: berth.stdout.replaceAll('life-berth', 'life-docker'), stderr: berth.stderr.replaceAll('life-berth', 'life-docker') } };
  };
  same(await pair((n) => ['rm', n]), 'rm running');
  same(await pair((n) => ['restart', '-t', '1', n]), 'restart');
  same(await pair((n) => ['kill', '-s', 'TERM', n]), 'kill');
  same(await pair((n) => ['kill', n]), 'kill stopped');
  same(await pair((n) => ['stop', n, 'nosuch']), 'stop stopped + missing');
  same(await pair((n) => ['rename', n, `${n}-x`]), 'rename');
  same(await pair((n) => ['rename', `${n}-x`, 'x']), 'rename invalid');
  same(await pair((n) => ['rename', 'nosuch', `${n}-y`]), 'rename missing');
  same(await pair((n) => ['rm', '-f', `${n}-x`, 'nosuch']), 'rm -f');
  same(await pair((n) => ['rm', `${n}-x`]), 'rm missing');
});

test('container prune', async () => {
  const p = await both(d, ['container', 'prune', '-f', '--filter', 'label=none=here']);
  same(p, 'prune nothing');
  const ask = await both(d, ['container', 'prune'], { input: 'n\n' });
  same(ask, 'prune declined');
  await d.docker(['run', '--name', 'gone', 'busybox', 'true']);
  const b = await d.berth(['container', 'prune', '-f']);
  assert.equal(b.code, 0, b.stderr);
  assert.match(b.stdout, /^Deleted Containers:\n([0-9a-f]{64}\n)+\nTotal reclaimed space: \d/);
  assert.equal((await d.berth(['ps', '-aq', '--filter', 'status=exited'])).stdout, '');
});
