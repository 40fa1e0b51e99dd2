// docker load through both CLIs: docker-archive and OCI layout tars, from a file and from stdin, with and without
// -q; the daemon's progress/status stream must print as docker prints it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { buildTar, dockerArchive, ociLayout, type FixtureImage } from '../images/fixtures.js';
import { normalize, type Pair } from './compare.js';
import type { ExecOptions } from '../../helpers/exec.js';

let d: TestDaemon;
let archive: Buffer;
let oci: Buffer;
let dir: string;
before(async () => {
  d = await TestDaemon.start({ busybox: false });
  const base = await buildTar([{ name: 'etc/', type: 'directory' }, { name: 'etc/os', content: 'base\n' }]);
  const top = await buildTar([{ name: 'etc/app', content: 'app\n' }]);
  const images: FixtureImage[] = [
    { layers: [base], tags: ['base:1', 'base:latest'] },
    { layers: [base, top], tags: ['team/app:2'] },
    { layers: [top], tags: [] },
  ];
  archive = await dockerArchive(images);
  oci = await ociLayout(images.slice(0, 2));
  dir = mkdtempSync(join(tmpdir(), 'berth-cli-load-'));
  writeFileSync(join(dir, 'archive.tar'), archive);
  writeFileSync(join(dir, 'oci.tar'), oci);
});
after(async () => {
  await d?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** docker first, then berth: loading again is idempotent, so both see the same daemon state. */
async function pair(args: string[], options: ExecOptions = {}): Promise<Pair> {
  const docker = await d.docker(args, options);
  const berth = await d.berth(args, options);
  return { docker, berth };
}

function same(p: Pair, what: string): void {
  assert.equal(p.berth.code, p.docker.code, `${what}: exit code (berth stderr: ${p.berth.stderr})`);
  assert.equal(normalize(p.berth.stdout), normalize(p.docker.stdout), `${what}: stdout`);
  assert.equal(normalize(p.berth.stderr), normalize(p.docker.stderr), `${what}: stderr`);
}

test('load: docker-archive and OCI layout, -i file or stdin, -q', async () => {
  const first = await pair(['load', '-i', join(dir, 'archive.tar')]);
  same(first, 'load -i archive');
  assert.match(first.berth.stdout, /^Loaded image: base:1\nLoaded image: base:latest\nLoaded image: team\/app:2\nLoaded image ID: sha256:/);
  same(await pair(['load', '-q', '--input', join(dir, 'archive.tar')]), 'load -q --input archive');
  same(await pair(['image', 'load'], { input: oci }), 'image load < oci');
  same(await pair(['load', '-i', join(dir, 'oci.tar'), '-q']), 'load -i oci -q');
  same(await pair(['images', '--format', '{{.Repository}}:{{.Tag}}']), 'images after load');
});
