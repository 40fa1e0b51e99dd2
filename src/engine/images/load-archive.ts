// `POST /images/load`: a docker-archive (manifest.json) or OCI image-layout (index.json) tar, one or more images.
// The archive is unpacked into a private temp dir first (regular files and directories only, names checked), then
// each image's layers are verified against the config's diff IDs while they are applied. On any failure nothing
// of this load stays: snapshots it made and no image uses are removed, the temp dir goes. Without `quiet`, each
// layer reports "Loading layer" progress as it is applied.
import { mkdtemp, rm, readFile, mkdir, access, symlink, stat } from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { join, posix } from 'node:path';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import type { ImageService } from './image-service.js';
import { unpackAndStore } from './layer-blob.js';
import { ThrottledProgress, shortId, type ProgressSink } from './progress.js';
import { safeEntryPath } from '../../layers/apply-layer.js';
import { chainIds, parseImageConfig, type Descriptor, type Index, type Manifest } from '../../image/image-config.js';
import { formatReference, parseReference, familiarName } from '../../reference/reference.js';
import { invalidTar, digestMismatch, findBerthError } from '../../errors.js';
import { isDigest } from '../../common/digest.js';

interface ArchiveImage {
  configPath: string;
  layerPaths: string[];
  names: string[];
  /** Expected sha256 of the config file (OCI: its descriptor digest). */
  configDigest?: string;
  layerDigests?: string[];
}

export interface LoadResult {
  /** Lines as docker prints them: `Loaded image: busybox:latest` / `Loaded image ID: sha256:…`. */
  messages: string[];
}

/** `progress`: "Loading layer" bars per layer while it is applied (docker load on a terminal). */
export async function loadArchive(images: ImageService, body: Readable, signal?: AbortSignal, progress?: ProgressSink): Promise<LoadResult> {
  const dir = await mkdtemp(join(images.options.paths.tmp, 'load-'));
  const created: string[] = [];
  const leases: Array<() => void> = [];
  try {
    await extractArchive(body, dir, signal);
    const list = await readArchiveIndex(dir);
    const messages: string[] = [];
    for (const img of list) {
      const configBlob = await readVerified(join(dir, img.configPath), img.configDigest);
      const config = parseImageConfig(configBlob);
      const diffIds = config.rootfs.diff_ids;
      if (diffIds.length !== img.layerPaths.length) throw invalidTar(`image has ${diffIds.length} diff IDs but ${img.layerPaths.length} layers`);
      const ids = chainIds(diffIds);
      for (let i = 0; i < ids.length; i++) {
        leases.push(images.lease(ids[i]!));
        if (images.snapshots.get(ids[i]!)) continue;
        const path = join(dir, img.layerPaths[i]!);
        await access(path).catch(() => {
          throw invalidTar(`layer ${img.layerPaths[i]} is missing from the archive`);
        });
        const bar = progress && new ThrottledProgress(progress, shortId(diffIds[i]!), 'Loading layer', (await stat(path)).size);
        let read = 0;
        const onRead = bar && ((n: number) => bar.update((read += n)));
        const layer = await unpackAndStore(images, createReadStream(path), i === 0 ? undefined : ids[i - 1], diffIds[i], onRead);
        bar?.update(read, true);
        layer.release(); // leased above for the whole load
        if (layer.created) created.push(layer.chainId);
        // OCI: the blob as stored (compressed) must match its descriptor too; applyLayer hashed it while reading.
        const want = img.layerDigests?.[i];
        if (want !== undefined && layer.digest !== want) throw digestMismatch(want, layer.digest);
      }
      const id = await images.register(configBlob, img.names);
      if (img.names.length === 0) messages.push(`Loaded image ID: ${id}`);
      for (const n of img.names) messages.push(`Loaded image: ${familiarName(n)}`);
    }
    return { messages };
  } catch (err) {
    for (const release of leases.splice(0)) release();
    await images.releaseLayers(created).catch(() => {});
    if (findBerthError(err) || (err as { code?: string }).code === 'ENOSPC') throw err;
    throw invalidTar((err as Error).message, { cause: err });
  } finally {
    for (const release of leases) release();
    await rm(dir, { recursive: true, force: true });
  }
}

async function readVerified(path: string, digest: string | undefined): Promise<Buffer> {
  const buf = await readFile(path).catch(() => {
    throw invalidTar(`${posix.basename(path)} is missing from the archive`);
  });
  if (digest) {
    const got = `sha256:${createHash('sha256').update(buf).digest('hex')}`;
    if (got !== digest) throw digestMismatch(digest, got);
  }
  return buf;
}

/** Writes regular files and directories of the archive under `dir`; anything else in an image archive is refused. */
async function extractArchive(body: Readable, dir: string, signal?: AbortSignal): Promise<void> {
  const ex = extract();
  ex.on('entry', (header, entry, next) => {
    entry.on('error', () => {});
    (async () => {
      const rel = safeEntryPath(header.name);
      if (rel === '' || header.type === 'directory') {
        if (rel !== '') await mkdir(join(dir, rel), { recursive: true });
        entry.resume();
        return;
      }
      if (header.type === 'symlink' || header.type === 'link') {
        // docker save writes legacy `<id>/layer.tar` symlinks to the blobs; they are resolved by name later.
        entry.resume();
        await mkdir(join(dir, posix.dirname(rel)), { recursive: true });
        const target = header.type === 'symlink' ? posix.normalize(posix.join(posix.dirname(rel), header.linkname ?? '')) : safeEntryPath(header.linkname ?? '');
        if (target.startsWith('..')) throw invalidTar(`link ${header.name} points outside the archive`);
        await symlink(join(dir, target), join(dir, rel));
        return;
      }
      if (header.type !== 'file' && header.type !== 'contiguous-file') {
        entry.resume();
        return;
      }
      await mkdir(join(dir, posix.dirname(rel)), { recursive: true });
      await pipeline(entry, createWriteStream(join(dir, rel), { flags: 'wx' }));
    })().then(() => next(), (err: Error) => {
      entry.resume();
      next(err);
    });
  });
  try {
    await pipeline(body, ex, { signal });
  } catch (err) {
    if (findBerthError(err) || (err as { code?: string }).code === 'ENOSPC') throw err;
    throw invalidTar((err as Error).message, { cause: err });
  }
}

async function readArchiveIndex(dir: string): Promise<ArchiveImage[]> {
  const manifestJson = await readFile(join(dir, 'manifest.json'), 'utf8').catch(() => undefined);
  if (manifestJson !== undefined) {
    let entries: Array<{ Config: string; RepoTags?: string[] | null; Layers: string[] }>;
    try {
      entries = JSON.parse(manifestJson);
    } catch {
      throw invalidTar('manifest.json is not valid JSON');
    }
    if (!Array.isArray(entries)) throw invalidTar('manifest.json is not a list');
    return entries.map((e) => ({
      configPath: safeEntryPath(e.Config),
      layerPaths: (e.Layers ?? []).map(safeEntryPath),
      names: (e.RepoTags ?? []).map((t) => formatReference(parseReference(t))),
    }));
  }
  const indexJson = await readFile(join(dir, 'index.json'), 'utf8').catch(() => undefined);
  if (indexJson === undefined) throw invalidTar('neither manifest.json nor index.json found: not an image archive');
  const index = JSON.parse(indexJson) as Index;
  const out: ArchiveImage[] = [];
  for (const desc of index.manifests ?? []) await collectOci(dir, desc, out, nameOf(desc));
  return out;
}

function nameOf(desc: Descriptor): string[] {
  const full = desc.annotations?.['io.containerd.image.name'];
  const refName = desc.annotations?.['org.opencontainers.image.ref.name'];
  for (const candidate of [full, refName]) {
    if (!candidate) continue;
    try {
      const ref = parseReference(candidate);
      if (candidate.includes('/') || candidate.includes(':') || candidate === full) return [formatReference(ref)];
    } catch {
      // a bare tag without a repository: no name
    }
  }
  return [];
}

/** blobs/sha256/<hex>; a descriptor digest that is not one could name a path outside the archive. */
const blobPath = (digest: string) => {
  if (!isDigest(digest)) throw invalidTar(`invalid digest in the image layout: ${JSON.stringify(digest)}`);
  return posix.join('blobs', ...digest.split(':'));
};

async function collectOci(dir: string, desc: Descriptor, out: ArchiveImage[], names: string[]): Promise<void> {
  const raw = await readVerified(join(dir, blobPath(desc.digest)), desc.digest);
  const doc = JSON.parse(raw.toString()) as Manifest & Index;
  if (Array.isArray(doc.manifests)) {
    const pick = doc.manifests.find((m) => !m.platform || (m.platform.os === 'linux' && m.platform.architecture === 'amd64'));
    if (!pick) throw invalidTar('the archive has no linux/amd64 image');
    await collectOci(dir, pick, out, names);
    return;
  }
  out.push({
    configPath: blobPath(doc.config.digest),
    configDigest: doc.config.digest,
    layerPaths: doc.layers.map((l) => blobPath(l.digest)),
    layerDigests: doc.layers.map((l) => l.digest),
    names,
  });
}
