// berth's help, usage errors and "cannot connect" message against the docker CLI's (no daemon needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exec } from '../../helpers/exec.js';
import { NODE, BERTH_BUNDLE } from '../../helpers/paths.js';
import { dockerToBerth } from './compare.js';

const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: 'unix:///nonexistent/berth.sock', BERTH_HOST: 'unix:///nonexistent/berth.sock' };
delete env.NODE_EXTRA_CA_CERTS;
const docker = (args: string[]) => exec('docker', args, { env });
const berth = (args: string[]) => exec(NODE, [BERTH_BUNDLE, ...args], { env });

const COMMANDS = [
  'version', 'info', 'images', 'image ls', 'image inspect', 'image rm', 'image tag', 'image load', 'image import', 'image history',
  'image prune', 'load', 'import', 'tag', 'rmi', 'history', 'run', 'create', 'start', 'attach', 'ps', 'logs', 'stop', 'kill', 'restart',
  'rm', 'rename', 'wait', 'inspect', 'container prune', 'container ls', 'container list', 'container inspect', 'container run',
  'container rm', 'container logs',
];

test('`--help` of every command is docker\'s, word for word', async () => {
  for (const c of COMMANDS) {
    const args = [...c.split(' '), '--help'];
    const [d, b] = await Promise.all([docker(args), berth(args)]);
    assert.equal(b.code, d.code, c);
    assert.equal(b.stdout, dockerToBerth(d.stdout), c);
  }
});

test('usage errors: same text and exit codes (125 for flags, 1 for arguments)', async () => {
  const cases = [
    ['ps', '--bogus'], ['ps', '-aq', '--bogus'], ['run', '-x', 'busybox'], ['ps', '-n', 'abc'], ['ps', '--format'],
    ['ps', 'a'], ['stop'], ['logs'], ['tag', 'a'], ['rename', 'a'], ['wait'], ['rmi'], ['run'], ['inspect'], ['history'],
    ['version', 'extra'], ['container', 'prune', 'x'], ['nosuch'], ['container', 'nosuch'],
  ];
  for (const args of cases) {
    const [d, b] = await Promise.all([docker(args), berth(args)]);
    assert.equal(b.code, d.code, args.join(' '));
    assert.equal(b.stderr, dockerToBerth(d.stderr), args.join(' '));
    assert.equal(b.stdout, d.stdout, args.join(' '));
  }
});

test('no daemon: docker-style message, exit 1', async () => {
  const r = await berth(['ps']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'Cannot connect to the Berth daemon at unix:///nonexistent/berth.sock. Is the berth daemon running? (start it with: berthd &, or run ./setup)\n');
  const h = await exec(NODE, [BERTH_BUNDLE, '-H', 'unix:///nonexistent/other.sock', 'images'], { env });
  assert.match(h.stderr, /at unix:\/\/\/nonexistent\/other.sock\. Is the berth daemon running/);
});

test('-v and no command', async () => {
  assert.equal((await berth(['-v'])).stdout, 'Berth version 0.1.0\n');
  const r = await berth([]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Usage: {2}berth \[OPTIONS\] COMMAND/);
  const g = await berth(['container']);
  assert.equal(g.code, 0);
  assert.match(g.stderr, /^Usage: {2}berth container COMMAND/);
});
