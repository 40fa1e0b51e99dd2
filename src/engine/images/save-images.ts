// `GET /images/get?names=…` and `GET /images/{name}/get`: a tar that is both a docker-archive (manifest.json) and
// an OCI image layout (oci-layout, index.json, blobs/sha256/…), as docker 25+ writes it: configs, uncompressed
// layer tars (digest = diff ID) and one OCI manifest per image; several images and tags per archive. Layers pulled
// from a registry are decompressed from their stored blob on the fly. Streamed; nothing is written to disk.
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pack, type Pack } from 'tar-stream';
import type { ImageService } from './image-service.js';
import { decompress } from '../../layers/decompress.js';
import { chainIds } from '../../image/image-config.js';
import { parseReference, formatReference, repositoryName, familiarName } from '../../reference/reference.js';
import { sha256 } from '../../common/digest.js';
import { noSuchImage, BerthError } from '../../errors.js';

interface SaveEntry {
  id: string;
  /** Fully-qualified tag names to record. */
  names: string[];
}

/** Resolves the requested names before anything is written (a bad name is an HTTP error, not a broken tar). */
export function planSave(images: ImageService, refs: string[]): SaveEntry[] {
  const out = new Map<string, Set<string>>();
  for (const ref of refs) {
    const { record, matchedName } = images.resolve(ref);
    const set = out.get(record.id) ?? new Set<string>();
    out.set(record.id, set);
    if (!matchedName) continue;
    const parsed = parseReference(ref);
    const explicitTag = /:[\w][\w.-]*$/.test(ref.slice(ref.lastIndexOf('/') + 1)) || parsed.digest !== undefined;
    if (explicitTag) {
      if (!matchedName.includes('@')) set.add(matchedName);
      continue;
    }
    // A bare repository name saves every tag of it (docker's behaviour).
    const repo = repositoryName(parsed);
    for (const r of images.records.all()) {
      for (const n of images.records.namesOf(r.id)) {
        if (n.includes('@') || !n.startsWith(`${repo}:`)) continue;
        const s = out.get(r.id) ?? new Set<string>();
        out.set(r.id, s);
        s.add(n);
      }
    }
  }
  if (out.size === 0) throw noSuchImage(refs[0] ?? '');
  return [...out].map(([id, names]) => ({ id, names: [...names].sort() }));
}

export async function saveImages(images: ImageService, plan: SaveEntry[], out: Writable, signal?: AbortSignal): Promise<void> {
  const p = pack();
  const writing = pipeline(p, out, { signal });
  // A client that goes away fails `writing` while a layer is being packed: that must stop the packing, not
  // become an unhandled rejection (it took the daemon down).
  const gone = new AbortController();
  writing.catch((err: unknown) => {
    gone.abort(err);
    p.destroy(err as Error);
  });
  try {
    const written = new Set<string>();
    const manifestJson: Array<{ Config: string; RepoTags: string[]; Layers: string[] }> = [];
    const index: Array<Record<string, unknown>> = [];
    await addFile(p, 'blobs/', undefined);
    await addFile(p, 'blobs/sha256/', undefined);
    for (const { id, names } of plan) {
      const config = images.config(id);
      const configBytes = await images.content.read(id);
      const blob = (d: string) => `blobs/sha256/${d.slice(7)}`;
      if (!written.has(id)) await addFile(p, blob(id), configBytes);
      written.add(id);
      const diffIds = config.rootfs.diff_ids;
      const ids = chainIds(diffIds);
      const layers = [];
      for (let i = 0; i < diffIds.length; i++) {
        const diffId = diffIds[i]!;
        const size = images.snapshots.get(ids[i]!)?.size;
        if (size === undefined) throw new BerthError('not-found', 'ERR_LAYER_DATA_MISSING', `layer ${diffId} of image ${id} is missing`);
        if (!written.has(diffId)) await addLayer(images, p, blob(diffId), diffId, size, gone.signal);
        written.add(diffId);
        layers.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: diffId, size });
      }
      const manifest = Buffer.from(
        JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: id, size: configBytes.length }, layers }),
      );
      const md = sha256(manifest);
      if (!written.has(md)) await addFile(p, blob(md), manifest);
      written.add(md);
      const tags = names.map(familiarName);
      manifestJson.push({ Config: blob(id), RepoTags: tags, Layers: diffIds.map(blob) });
      const desc = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: md, size: manifest.length };
      if (names.length === 0) index.push(desc);
      for (const n of names) {
        index.push({ ...desc, annotations: { 'io.containerd.image.name': formatReference(parseReference(n)), 'org.opencontainers.image.ref.name': parseReference(n).tag ?? '' } });
      }
    }
    await addFile(p, 'index.json', Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: index })));
    await addFile(p, 'manifest.json', Buffer.from(JSON.stringify(manifestJson)));
    await addFile(p, 'oci-layout', Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' })));
    p.finalize();
  } catch (err) {
    p.destroy(err as Error);
    await writing.catch(() => {});
    throw err;
  }
  await writing;
}

const MTIME = new Date(0);

function addFile(p: Pack, name: string, body: Buffer | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (body === undefined) p.entry({ name, type: 'directory', mode: 0o755, mtime: MTIME }, (err) => (err ? reject(err) : resolve()));
    else p.entry({ name, mode: 0o444, size: body.length, mtime: MTIME }, body, (err) => (err ? reject(err) : resolve()));
  });
}

/** The layer tar: its stored uncompressed blob, or the compressed blob it was pulled as, decompressed. */
async function addLayer(images: ImageService, p: Pack, name: string, diffId: string, size: number, signal: AbortSignal): Promise<void> {
  let source;
  if (await images.content.has(diffId)) source = images.content.reader(diffId);
  else {
    const held = images.distribution.compressedFor(diffId);
    let found;
    for (const d of held) if (await images.content.has(d.digest)) found = d;
    if (!found) throw new BerthError('not-found', 'ERR_LAYER_DATA_MISSING', `no data is held for layer ${diffId}`);
    source = (await decompress(images.content.reader(found.digest))).stream;
  }
  const entry = p.entry({ name, mode: 0o444, size, mtime: MTIME });
  await pipeline(source, entry, { signal });
}
