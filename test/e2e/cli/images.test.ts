// images, image inspect/history/tag/rm/import/load/prune, version and info: docker and berth side by side.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { BUSYBOX_ROOTFS_SCRIPT } from '../../helpers/paths.js';
import { both, sequential, normalize, cells, type Pair } from './compare.js';

let d: TestDaemon;
let rootfs: Buffer;
before(async () => {
  d = await TestDaemon.start();
  rootfs = spawnSync(BUSYBOX_ROOTFS_SCRIPT, ['-'], { maxBuffer: 64 << 20 }).stdout;
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

test('version and info through the same daemon', async () => {
  same(await both(d, ['version', '--format', '{{.Server.Version}} {{.Server.APIVersion}} {{.Server.Os}}']), 'version --format');
  same(await both(d, ['info', '--format', '{{.Driver}} {{.Containers}} {{.Images}} {{.DockerRootDir}}']), 'info --format');
  const v = await d.berth(['version']);
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stdout, /^Client: Berth\n Version: {11}0\.1\.0\n API version: {7}1\.51\n[\s\S]*\nServer: Berth Engine\n Engine:\n {2}Version: {10}0\.1\.0\n/);
  const i = await both(d, ['info']);
  assert.equal(i.berth.code, 0);
  // The server section is the daemon's and must read the same; the client section names the client.
  // (the docker CLI lists the runtimes in Go's map order, which varies from run to run: compared as a set)
  const server = (s: string) =>
    s
      .slice(s.indexOf('Server:'))
      .replace(/System Time: .*/, 'System Time: <TIME>')
      .replace(/^ Runtimes: (.*)$/m, (_, names: string) => ` Runtimes: ${names.split(' ').sort().join(' ')}`);
  assert.equal(server(i.berth.stdout), server(i.docker.stdout));
});

test('--format errors: parse (64 for version/info/inspect) and execution, with docker\'s wording per command', async () => {
  const cases: string[][] = [
    ['version', '--format', '{{.Foo'],
    ['version', '--format', '{{.Foo}}'],
    ['version', '--format', '{{json.}}'],
    ['info', '--format', '{{.Foo'],
    ['info', '--format', '{{json.}}'],
    ['images', '--format', '{{.Foo'],
    ['images', '--format', '{{.Foo}}'],
    ['image', 'history', '--format', '{{.Foo}}', 'busybox'],
    ['ps', '--format', '{{.Foo'],
    ['ps', '-a', '--format', '{{.Foo}}'],
    ['inspect', '--format', '{{.Foo', 'busybox'],
  ];
  for (const args of cases) same(await both(d, args), args.join(' '));
});

test('images: table, -q, --no-trunc, --digests, reference argument, --format', async () => {
  same(await both(d, ['images']), 'images', true);
  same(await both(d, ['image', 'ls', '-q']), 'images -q');
  same(await both(d, ['images', '--no-trunc']), 'images --no-trunc', true);
  same(await both(d, ['images', '--digests']), 'images --digests', true);
  same(await both(d, ['images', 'busybox']), 'images busybox', true);
  same(await both(d, ['images', 'nothing']), 'images nothing', true);
  same(await both(d, ['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}} {{.Containers}}']), 'images --format');
  same(await both(d, ['images', '--format', 'json']), 'images json');
  same(await both(d, ['images', '--format', 'table {{.Repository}}\\t{{.Size}}']), 'images table', true);
});

test('image inspect and history', async () => {
  same(await both(d, ['image', 'inspect', 'busybox']), 'image inspect');
  same(await both(d, ['image', 'inspect', '--format', '{{.Id}} {{json .Config.Cmd}} {{.Os}}', 'busybox']), 'image inspect --format');
  same(await both(d, ['image', 'inspect', 'nosuch']), 'image inspect missing');
  same(await both(d, ['history', 'busybox']), 'history', true);
  same(await both(d, ['image', 'history', '-q', 'busybox']), 'history -q');
  same(await both(d, ['history', '--no-trunc', '-H=false', 'busybox']), 'history raw', true);
  same(await both(d, ['history', '--format', '{{.ID}} {{.CreatedBy}} {{.Size}}', 'busybox']), 'history --format');
  same(await both(d, ['history', 'nosuch']), 'history missing');
});

test('tag, rmi, import, load, image prune', async () => {
  same(await sequential(d, ['tag', 'busybox', 'mybox:1']), 'tag');
  same(await both(d, ['tag', 'nosuch', 'x:1']), 'tag missing');
  same(await both(d, ['images', 'mybox']), 'images after tag', true);
  const rmi = { docker: await d.docker(['rmi', 'mybox:1']), berth: await (async () => {
    await d.docker(['tag', 'busybox', 'mybox:1']);
    return d.berth(['rmi', 'mybox:1']);
  })() };
  same(rmi, 'rmi a tag');
  same(await both(d, ['rmi', 'nosuch']), 'rmi missing');
  const imp = { docker: await d.docker(['import', '-c', 'CMD ["echo","imported"]', '-m', 'hello', '-', 'imp:docker'], { input: rootfs }), berth: await d.berth(['import', '--change', 'CMD ["echo","imported"]', '-m', 'hello', '-', 'imp:berth'], { input: rootfs }) };
  same(imp, 'import');
  same(await both(d, ['run', '--rm', 'imp:berth']), 'run the imported image');
  const fmt = ['image', 'inspect', '--format', '{{json .Config.Cmd}} {{.Comment}}'];
  same({ docker: await d.docker([...fmt, 'imp:docker']), berth: await d.berth([...fmt, 'imp:berth']) }, 'imported config');
  same(await both(d, ['import', '/nonexistent.tar']), 'import missing file');
  same(await both(d, ['load', '-i', '/nonexistent.tar']), 'load missing file');
  same(await both(d, ['load'], { input: 'not a tar' }), 'load garbage');
  const rmi2 = { docker: await d.docker(['rmi', 'imp:docker', 'nosuch']), berth: await d.berth(['rmi', 'imp:berth', 'nosuch']) };
  rmi2.berth.stdout = rmi2.berth.stdout.replace('imp:berth', 'imp:docker');
  same(rmi2, 'rmi an image and a missing one');
  same(await sequential(d, ['image', 'prune', '-f']), 'image prune');
  same(await both(d, ['image', 'prune'], { input: 'n\n' }), 'image prune declined');
});
