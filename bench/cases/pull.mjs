// docker pull of a ~100 MB (uncompressed), 5-layer image from a loopback registry (Debian's docker-registry on a
// free port, its own storage): each run pulls into an empty store (rmi between runs, untimed). --pull-layer-mb
// sets the layer size (default 20). The image is made once per process as an OCI layout and pushed with skopeo.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeOnce, sample, sh } from '../lib/timing.mjs';

export const title = 'pull ~100 MB, 5 layers, loopback registry';
export const engines = ['berth', 'dockerd'];

const sha = (b) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** One tar with a single regular file (ustar header + data + padding + end blocks). */
function tarOf(name, data) {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
  h.write('14533000000\0', 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\0' + '00', 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([h, data, pad, Buffer.alloc(1024)]);
}

let layoutDir;
function makeLayout(layerMb) {
  if (layoutDir) return layoutDir;
  layoutDir = join(tmpdir(), `bench-pull-layout-${process.pid}`);
  process.once('exit', () => rmSync(layoutDir, { recursive: true, force: true }));
  const blobs = join(layoutDir, 'blobs/sha256');
  mkdirSync(blobs, { recursive: true });
  const put = (b) => {
    const d = sha(b);
    writeFileSync(join(blobs, d.slice(7)), b);
    return d;
  };
  const layers = [];
  const diffIds = [];
  for (let i = 0; i < 5; i++) {
    // 60% incompressible, 40% text: a layer compresses to roughly two thirds, like real binaries and files.
    const size = layerMb << 20;
    const random = randomBytes(Math.floor(size * 0.6));
    const text = Buffer.alloc(size - random.length, `layer ${i} line of text that compresses well\n`);
    const tar = tarOf(`data-${i}.bin`, Buffer.concat([random, text]));
    diffIds.push(sha(tar));
    const gz = gzipSync(tar, { level: 1 });
    layers.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: put(gz), size: gz.length });
  }
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['true'] }, rootfs: { type: 'layers', diff_ids: diffIds } }));
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: put(config), size: config.length }, layers }));
  const md = put(manifest);
  writeFileSync(join(layoutDir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(join(layoutDir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: md, size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': 'latest' } }] }));
  return layoutDir;
}

const freePort = () => new Promise((res) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => res(p));
  });
});

async function startRegistry(dir) {
  const port = await freePort();
  const storage = join(dir, 'registry');
  mkdirSync(storage, { recursive: true });
  const cfg = join(dir, 'registry.yml');
  writeFileSync(cfg, `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${storage}\nhttp:\n  addr: 127.0.0.1:${port}\n  secret: bench\n`);
  const child = spawn('docker-registry', ['serve', cfg], { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    const r = spawnSync('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`], { stdio: 'ignore', shell: false });
    if (r.status === 0) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  return { host: `127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

export async function measure(e, { runs, args, dir }) {
  if (!existsSync('/usr/bin/docker-registry') || !existsSync('/usr/bin/skopeo')) throw new Error('docker-registry and skopeo are needed (./setup)');
  const layout = makeLayout(Number(args['pull-layer-mb'] ?? 20));
  const reg = await startRegistry(dir);
  try {
    const ref = `${reg.host}/bench/big:1`;
    sh('skopeo', ['copy', '-q', '--dest-tls-verify=false', `oci:${layout}:latest`, `docker://${ref}`], process.env);
    const pullOnce = () => {
      const ms = timeOnce(['pull', '-q', ref], e.env);
      sh('docker', ['rmi', ref], e.env);
      return ms;
    };
    return await sample(pullOnce, Math.min(runs, Number(args['pull-runs'] ?? 5)), 1);
  } finally {
    reg.stop();
  }
}
