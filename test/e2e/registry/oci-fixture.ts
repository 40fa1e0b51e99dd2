// An OCI image layout on disk made from the host's busybox (for skopeo to push): one layer, gzip or zstd.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { BUSYBOX_ROOTFS_SCRIPT } from '../../helpers/paths.js';
import { sha256 } from '../images/fixtures.js';

export async function busyboxTar(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const p = spawn(BUSYBOX_ROOTFS_SCRIPT, ['-'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    p.stdout!.on('data', (b: Buffer) => out.push(b));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`busybox-rootfs exited ${code}`))));
  });
}

export async function writeOciLayout(dir: string, layers: Array<{ tar: Buffer; compression: 'gzip' | 'zstd' | 'none' }>, cmd: string[], platform = { os: 'linux', architecture: 'amd64' }): Promise<void> {
  const blobs = join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const put = async (b: Buffer) => {
    const d = sha256(b);
    await writeFile(join(blobs, d.slice(7)), b);
    return d;
  };
  const descs = [];
  for (const l of layers) {
    const body =
      l.compression === 'gzip'
        ? zlib.gzipSync(l.tar)
        : l.compression === 'zstd'
          ? (zlib as unknown as { zstdCompressSync: (b: Buffer) => Buffer }).zstdCompressSync(l.tar)
          : l.tar;
    const mediaType = `application/vnd.oci.image.layer.v1.tar${l.compression === 'none' ? '' : `+${l.compression}`}`;
    descs.push({ mediaType, digest: await put(body), size: body.length });
  }
  const config = Buffer.from(
    JSON.stringify({ ...platform, created: '2024-01-02T03:04:05Z', config: { Cmd: cmd }, rootfs: { type: 'layers', diff_ids: layers.map((l) => sha256(l.tar)) } }),
  );
  const manifest = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: await put(config), size: config.length }, layers: descs }),
  );
  const md = await put(manifest);
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: md, size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': 'latest' } }] }),
  );
}
