// `POST /images/create?fromImage=…`: resolve the reference on its registry (index -> the platform's manifest),
// fetch the config, then fetch every missing layer in parallel (bounded): each blob is hashed while it streams,
// kept as its compressed blob, decompressed and unpacked straight into its own snapshot directory, and committed
// only when both the blob digest and the diff ID match. Present layers are skipped ("Already exists"). On any
// failure, layers this pull made that no image uses are removed again.
import { PassThrough } from 'node:stream';
import type { ImageService } from './image-service.js';
import type { BlobDescriptor } from './distribution-records.js';
import { ThrottledProgress, shortId, type ProgressSink } from './progress.js';
import { RemoteRepository, type FetchedManifest } from '../../registry/remote-repository.js';
import type { RegistryHosts } from '../../registry/registry-hosts.js';
import type { RegistryCredentials } from '../../registry/auth.js';
import { parseManifest, parsePlatform, selectPlatform, isNonDistributable, formatPlatform, type ImageManifest, type Platform } from '../../registry/manifest.js';
import { parseReference, formatReference, familiarName, repositoryName, type Reference } from '../../reference/reference.js';
import { chainIds, parseImageConfig } from '../../image/image-config.js';
import { invalidArgument, noMatchingPlatform } from '../../errors.js';

export interface PullOptions {
  /** `busybox`, `127.0.0.1:5000/team/app:1.2`, `repo@sha256:…` */
  reference: string;
  /** `os/arch[/variant]`; default linux/amd64 (the host's). */
  platform?: string;
  credentials: RegistryCredentials | undefined;
  progress: ProgressSink;
  signal?: AbortSignal;
  /** Layers fetched at the same time. */
  concurrency?: number;
}

export interface PullResult {
  imageId: string;
  /** Names recorded (fully-qualified), tag and digest forms. */
  names: string[];
  manifestDigest: string;
  downloaded: boolean;
}

export const HOST_PLATFORM: Platform = { os: 'linux', architecture: process.arch === 'x64' ? 'amd64' : process.arch === 'arm64' ? 'arm64' : process.arch };

/** `fromImage` + `tag` as the API passes them (`tag` may itself be a digest). */
export function pullReference(fromImage: string, tag: string | undefined): Reference {
  if (!fromImage) throw invalidArgument('invalid reference format');
  if (tag && !fromImage.includes('@')) return parseReference(tag.startsWith('sha256:') ? `${fromImage}@${tag}` : `${fromImage}:${tag}`);
  return parseReference(fromImage);
}

export async function pullImage(images: ImageService, hosts: RegistryHosts, o: PullOptions): Promise<PullResult> {
  const ref = parseReference(o.reference);
  const platform = o.platform ? parsePlatform(o.platform) : HOST_PLATFORM;
  const repoName = repositoryName(ref);
  const display = familiarName(formatReference(ref));
  o.progress({ status: `Pulling from ${ref.path}`, id: ref.digest ?? ref.tag });
  const session = {
    hosts,
    domain: ref.domain,
    path: ref.path,
    displayName: familiarName(repoName),
    credentials: o.credentials,
    purpose: 'pull' as const,
    signal: o.signal,
  };
  let remote = await RemoteRepository.open(session);

  // Resolve: tag or digest -> manifest, through an index when there is one. A mirror that cannot answer (it lacks
  // the image, or fails) hands over to the next mirror and finally to the registry itself, as dockerd does.
  let top: FetchedManifest;
  for (;;) {
    try {
      top = await remote.fetchManifest(ref.digest ?? ref.tag!, display);
      break;
    } catch (err) {
      if (!remote.endpoint.mirror || o.signal?.aborted) throw err;
      remote = await RemoteRepository.open({ ...session, after: remote.endpoint });
    }
  }
  let parsed = parseManifest(top.bytes, top.mediaType, display);
  let manifestBytes = top.bytes;
  let manifestDigest = top.digest;
  let manifestType = top.mediaType;
  if (parsed.kind === 'index') {
    const pick = selectPlatform(parsed.index, platform);
    const m = await remote.fetchManifest(pick.digest, display);
    parsed = parseManifest(m.bytes, m.mediaType, display);
    if (parsed.kind !== 'manifest') throw invalidArgument(`${display}: an index inside an index is not supported`);
    manifestBytes = m.bytes;
    manifestDigest = m.digest;
    manifestType = m.mediaType;
  }
  const manifest: ImageManifest = parsed.manifest;
  const configBlob = await remote.fetchSmallBlob(manifest.config.digest);
  const config = parseImageConfig(configBlob);
  if (parsed.kind === 'manifest' && top.digest === manifestDigest && o.platform && (config.os !== platform.os || config.architecture !== platform.architecture)) {
    throw noMatchingPlatform(formatPlatform(platform), [formatPlatform({ os: config.os, architecture: config.architecture, variant: config.variant })]);
  }
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== manifest.layers.length) throw invalidArgument(`${display}: the manifest has ${manifest.layers.length} layers but the config ${diffIds.length} diff IDs`);
  const ids = chainIds(diffIds);

  const leases: Array<() => void> = [];
  const created: string[] = [];
  let downloaded = false;
  try {
    const missing: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      leases.push(images.lease(ids[i]!));
      const id = shortId(manifest.layers[i]!.digest);
      if (images.snapshots.get(ids[i]!)) o.progress({ status: 'Already exists', id, progressDetail: {} });
      else {
        o.progress({ status: 'Pulling fs layer', id, progressDetail: {} });
        missing.push(i);
      }
    }
    // The first failing layer stops the others.
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    await runLimited(missing, o.concurrency ?? 3, async (i) => {
      await fetchLayer(images, remote, {
        descriptor: manifest.layers[i]!,
        parent: i === 0 ? undefined : ids[i - 1],
        diffId: diffIds[i]!,
        repo: repoName,
        progress: o.progress,
        signal: stop.signal,
        onCreated: (chainId) => created.push(chainId),
      }).catch((err: unknown) => {
        stop.abort();
        throw err;
      });
      downloaded = true;
    }).finally(() => o.signal?.removeEventListener('abort', onAbort));
    // Manifest blobs are kept so a push sends the same bytes (and the same digest) back.
    await images.content.put(manifestBytes);
    if (top.digest !== manifestDigest) await images.content.put(top.bytes);
    const digestName = `${repoName}@${top.digest}`;
    const names = ref.digest ? [digestName] : [formatReference(ref), digestName];
    const before = ref.digest ? undefined : images.records.lookupName(formatReference(ref));
    const imageId = await images.register(configBlob, names);
    await images.distribution.record({
      manifest: [imageId, { mediaType: manifestType?.split(';')[0] || manifest.mediaType, digest: manifestDigest, size: manifestBytes.length }],
      sources: [[manifest.config.digest, repoName]],
    });
    o.progress({ status: `Digest: ${top.digest}` });
    const upToDate = !downloaded && before === imageId;
    o.progress({ status: `Status: ${upToDate ? 'Image is up to date' : 'Downloaded newer image'} for ${display}` });
    return { imageId, names, manifestDigest: top.digest, downloaded };
  } catch (err) {
    for (const release of leases.splice(0)) release();
    await images.releaseLayers(created).catch(() => {});
    throw err;
  } finally {
    for (const release of leases) release();
  }
}

interface LayerFetch {
  descriptor: BlobDescriptor & { urls?: string[] };
  parent: string | undefined;
  diffId: string;
  repo: string;
  progress: ProgressSink;
  signal?: AbortSignal;
  onCreated: (chainId: string) => void;
}

/** Streams one layer into its snapshot and its compressed blob into the content store. True when it made the snapshot. */
async function fetchLayer(images: ImageService, remote: RemoteRepository, f: LayerFetch): Promise<boolean> {
  const { descriptor: d } = f;
  const id = shortId(d.digest);
  const bar = new ThrottledProgress(f.progress, id, 'Downloading', d.size);
  const blob = remote.blobStream(d.digest, d.size, undefined, isNonDistributable(d) ? d.urls : undefined);
  const keep = !(await images.content.has(d.digest));
  // The unpack hashes these very bytes and refuses to commit unless they match the descriptor: the store need
  // not hash them again.
  const writer = keep ? images.content.writer({ hashedByCaller: true }) : undefined;
  const toUnpack = new PassThrough({ highWaterMark: 1 << 20 });
  let received = 0;
  blob.on('data', (c: Buffer) => {
    received += c.length;
    bar.update(received);
  });
  blob.on('error', (err) => toUnpack.destroy(err));
  blob.pipe(toUnpack);
  // The compressed bytes go to the content store from the same stream (kept for push, verified on commit).
  if (writer) blob.pipe(writer.stream);
  toUnpack.on('end', () => {
    bar.update(received, true);
    f.progress({ status: 'Verifying Checksum', id, progressDetail: {} });
    f.progress({ status: 'Download complete', id, progressDetail: {} });
    f.progress({ status: 'Extracting', id, progressDetail: { current: d.size, total: d.size } });
  });
  const abort = () => blob.destroy(Object.assign(new Error('pull cancelled'), { name: 'AbortError' }));
  f.signal?.addEventListener('abort', abort, { once: true });
  try {
    const layer = await images.unpackLayer(toUnpack, f.parent, f.diffId, undefined, { expectedDigest: d.digest, signal: f.signal });
    // Known to the pull at once: should keeping the blob fail, the pull's cleanup takes this snapshot out again.
    if (layer.created) f.onCreated(layer.chainId);
    try {
      if (writer) {
        if (!writer.stream.writableFinished) await new Promise<void>((resolve, reject) => {
          writer.stream.once('finish', resolve);
          writer.stream.once('error', reject);
        });
        await writer.commit({ digest: d.digest, size: d.size });
      }
      await images.distribution.record({ layers: [[f.diffId, { mediaType: d.mediaType, digest: d.digest, size: d.size }]], sources: [[d.digest, f.repo]] });
    } finally {
      layer.release();
    }
    f.progress({ status: 'Pull complete', id, progressDetail: {} });
    return layer.created;
  } catch (err) {
    blob.destroy();
    await writer?.abort();
    throw err;
  } finally {
    f.signal?.removeEventListener('abort', abort);
  }
}

async function runLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown;
  const worker = async () => {
    while (next < items.length && failed === undefined) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed !== undefined) throw failed;
}
