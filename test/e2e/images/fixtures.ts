// Hand-made image archives for the image e2e tests: layer tars, docker-archive (manifest.json) and OCI layouts.
import { pack } from 'tar-stream';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface TarEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink';
  content?: string | Buffer;
  linkname?: string;
  mode?: number;
}

export async function buildTar(entries: TarEntry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    p.on('end', resolve);
    p.on('error', reject);
  });
  for (const e of entries) {
    const type = e.type ?? 'file';
    const body = type === 'file' ? Buffer.from(e.content ?? '') : Buffer.alloc(0);
    await new Promise<void>((resolve, reject) => {
      p.entry({ name: e.name, type, linkname: e.linkname, mode: e.mode ?? (type === 'directory' ? 0o755 : 0o644), size: body.length, mtime: new Date(1_700_000_000_000) }, body, (err) =>
        err ? reject(err) : resolve(),
      );
    });
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

export const sha256 = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export interface FixtureImage {
  /** Layer tars, bottom first (uncompressed). */
  layers: Buffer[];
  tags: string[];
  cmd?: string[];
  labels?: Record<string, string>;
  created?: string;
}

export function configFor(img: FixtureImage): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: img.created ?? '2024-01-02T03:04:05Z',
      config: { Cmd: img.cmd ?? ['/bin/true'], Labels: img.labels ?? {} },
      rootfs: { type: 'layers', diff_ids: img.layers.map((l) => sha256(l)) },
      history: img.layers.map((_, i) => ({ created: img.created ?? '2024-01-02T03:04:05Z', created_by: `step ${i}` })),
    }),
  );
}

/** A `docker save` style archive: manifest.json, <hex>.json configs, <hex>/layer.tar layers. */
export async function dockerArchive(images: FixtureImage[]): Promise<Buffer> {
  const entries: TarEntry[] = [];
  const manifest: Array<{ Config: string; RepoTags: string[]; Layers: string[] }> = [];
  const seen = new Set<string>();
  for (const img of images) {
    const config = configFor(img);
    const configName = `${sha256(config).slice(7)}.json`;
    if (!seen.has(configName)) entries.push({ name: configName, content: config });
    seen.add(configName);
    const layerNames: string[] = [];
    for (const l of img.layers) {
      const name = `${sha256(l).slice(7)}/layer.tar`;
      if (!seen.has(name)) entries.push({ name, content: l });
      seen.add(name);
      layerNames.push(name);
    }
    manifest.push({ Config: configName, RepoTags: img.tags, Layers: layerNames });
  }
  entries.push({ name: 'manifest.json', content: JSON.stringify(manifest) });
  return buildTar(entries);
}

/** An OCI image layout with gzip layers; one index entry per image, named by its first tag. */
export async function ociLayout(images: FixtureImage[]): Promise<Buffer> {
  const blobs = new Map<string, Buffer>();
  const add = (b: Buffer) => {
    const d = sha256(b);
    blobs.set(d, b);
    return { digest: d, size: b.length };
  };
  const manifests = images.map((img) => {
    const config = add(configFor(img));
    const layers = img.layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...add(gzipSync(l)) }));
    const m = add(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers })));
    const name = img.tags[0];
    return { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...m, ...(name ? { annotations: { 'io.containerd.image.name': name } } : {}) };
  });
  const entries: TarEntry[] = [
    { name: 'oci-layout', content: JSON.stringify({ imageLayoutVersion: '1.0.0' }) },
    { name: 'index.json', content: JSON.stringify({ schemaVersion: 2, manifests }) },
    { name: 'blobs/', type: 'directory' },
    { name: 'blobs/sha256/', type: 'directory' },
  ];
  for (const [d, b] of blobs) entries.push({ name: `blobs/sha256/${d.slice(7)}`, content: b });
  return buildTar(entries);
}
