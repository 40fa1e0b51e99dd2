// The berth CLI's network commands and `port` against a berthd of the test's own, output as docker's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TestDaemon } from '../../helpers/test-daemon.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start();
});
after(async () => {
  await d?.stop();
});

const ok = async (args: string[]) => {
  const r = await d.berth(args);
  assert.equal(r.code, 0, `berth ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

test('berth network create/ls/inspect/connect/disconnect/rm/prune and berth port', async () => {
  const id = (await ok(['network', 'create', '--label', 'k=v', 'bnet'])).trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  const ls = await ok(['network', 'ls']);
  assert.match(ls, /^NETWORK ID\s+NAME\s+DRIVER\s+SCOPE\n/);
  assert.match(ls, new RegExp(`${id.slice(0, 12)}\\s+bnet\\s+bridge\\s+local`));
  assert.equal(await ok(['network', 'ls', '-q', '--filter', 'label=k=v']), `${id.slice(0, 12)}\n`);
  await ok(['run', '-d', '--name', 'b1', '--network', 'bnet', '--network-alias', 'ali', '-p', '127.0.0.1::80', '--dns-search', 'corp', 'busybox', 'sleep', '60']);
  assert.match(await ok(['port', 'b1']), /^80\/tcp -> 127\.0\.0\.1:\d+\n$/);
  assert.match(await ok(['port', 'b1', '80/tcp']), /^127\.0\.0\.1:\d+\n$/);
  const missing = await d.berth(['port', 'b1', '81']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /No public port '81\/tcp' published for b1/);
  assert.equal(await ok(['network', 'inspect', '-f', '{{range .Containers}}{{.Name}}{{end}}', 'bnet']), 'b1\n');
  const resolved = await d.docker(['run', '--rm', '--network', 'bnet', 'busybox', 'nslookup', 'ali']);
  assert.match(resolved.stdout, /Address: 10\./);
  await ok(['network', 'disconnect', 'bnet', 'b1']);
  await ok(['network', 'connect', '--alias', 'again', 'bnet', 'b1']);
  const inUse = await d.berth(['network', 'rm', 'bnet']);
  assert.equal(inUse.code, 1);
  assert.match(inUse.stderr, /Error response from daemon: error while removing network: network bnet has active endpoints/);
  await ok(['rm', '-f', 'b1']);
  assert.equal(await ok(['network', 'rm', 'bnet']), 'bnet\n');
  const gone = await d.berth(['network', 'inspect', 'bnet']);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /network bnet not found/);
  await ok(['network', 'create', 'spare']);
  assert.equal(await ok(['network', 'prune', '-f']), 'Deleted Networks:\nspare\n');
  const predefined = await d.berth(['network', 'rm', 'bridge']);
  assert.match(predefined.stderr, /bridge is a pre-defined network and cannot be removed/);
});
