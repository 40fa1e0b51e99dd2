// `POST /images/{name}/push`: for each tag, every layer goes up as the compressed blob this engine holds for it
// (the bytes a pull received, so digests stay the same), or, for images made here (import, load, build), as a
// gzip of the layer tar made once and kept (deterministic: same tar, same zlib, same bytes). The registry is asked
// first (HEAD: "Layer already exists"), then a mount from a repository known to hold the blob is tried
// ("Mounted from"), else the blob is uploaded. The manifest that came with a pulled image is pushed as is.
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { ImageService } from './image-service.js';
import type { BlobDescriptor } from './distribution-records.js';
import { ThrottledProgress, shortId, type ProgressSink } from './progress.js';
import { RemoteRepository } from '../../registry/remote-repository.js';
import type { RegistryHosts } from '../../registry/registry-hosts.js';
import type { RegistryCredentials } from '../../registry/auth.js';
import { MEDIA_TYPES, isNonDistributable, formatPlatform, parsePlatformParam, type Platform } from '../../registry/manifest.js';
import { parseReference, formatReference, repositoryName, familiarName, type Reference } from '../../reference/reference.js';
import { BerthError } from '../../errors.js';

export interface PushOptions {
  /** Repository (`127.0.0.1:5000/team/app`), with `tag` or not (then every local tag of it). */
  name: string;
  tag: string | undefined;
  credentials: RegistryCredentials | undefined;
  /** `--platform` (`os/arch[/variant]` or OCI platform JSON): the image pushed must be this platform's (images here hold one platform each). */
  platform?: string;
  progress: ProgressSink;
  signal?: AbortSignal;
}

/** Fully-qualified tag names to push. */
export function pushTargets(images: ImageService, name: string, tag: string | undefined): Reference[] {
  const base = parseReference(name);
  const named = /:[\w][\w.-]*$/.test(name.slice(name.lastIndexOf('/') + 1));
  if (tag || named) {
    const ref = tag ? parseReference(`${repositoryName(base)}:${tag}`) : base;
    if (images.records.lookupName(formatReference(ref)) === undefined) {
      throw new BerthError('not-found', 'ERR_NO_SUCH_IMAGE', `tag does not exist: ${familiarName(formatReference(ref))}`);
    }
    return [ref];
  }
  const repo = repositoryName(base);
  const tags = images.records
    .all()
    .flatMap((r) => images.records.namesOf(r.id))
    .filter((n) => !n.includes('@') && n.startsWith(`${repo}:`))
    .sort()
    .map(parseReference);
  if (tags.length === 0) throw new BerthError('not-found', 'ERR_NO_SUCH_IMAGE', `An image does not exist locally with the tag: ${familiarName(repo)}`);
  return tags;
}

export async function pushImage(images: ImageService, hosts: RegistryHosts, o: PushOptions): Promise<void> {
  const targets = pushTargets(images, o.name, o.tag);
  if (o.platform) {
    const want = parsePlatformParam(o.platform);
    for (const ref of targets) checkPlatform(images, ref, want);
  }
  const repoName = repositoryName(targets[0]!);
  o.progress({ status: `The push refers to repository [${repoName}]` });
  // Repositories on the same registry that hold blobs we may mount.
  const domain = targets[0]!.domain;
  const mountFrom = new Set<string>();
  for (const ref of targets) {
    const id = images.records.lookupName(formatReference(ref))!;
    for (const diffId of images.config(id).rootfs.diff_ids) {
      for (const d of images.distribution.compressedFor(diffId)) {
        for (const src of images.distribution.sourcesOf(d.digest)) if (src.startsWith(`${domain}/`) && src !== repoName) mountFrom.add(src.slice(domain.length + 1));
      }
    }
  }
  const remote = await RemoteRepository.open({
    hosts,
    domain,
    path: targets[0]!.path,
    displayName: familiarName(repoName),
    credentials: o.credentials,
    purpose: 'push',
    mountFrom: [...mountFrom].slice(0, 5),
    signal: o.signal,
  });
  for (const ref of targets) await pushOne(images, remote, ref, repoName, o);
}

/** Refuses, before anything is sent, an image that is not of the platform asked for (moby's wording). */
function checkPlatform(images: ImageService, ref: Reference, want: Platform): void {
  const c = images.config(images.records.lookupName(formatReference(ref))!);
  const have: Platform = { os: c.os, architecture: c.architecture, variant: c.variant };
  if (have.os !== want.os || have.architecture !== want.architecture || (want.variant !== undefined && have.variant !== want.variant)) {
    throw new BerthError(
      'not-found',
      'ERR_NO_MATCHING_PLATFORM',
      `image with reference ${familiarName(formatReference(ref))} was found but does not match the specified platform: wanted ${formatPlatform(want)}, actual: ${formatPlatform(have)}`,
    );
  }
}

async function pushOne(images: ImageService, remote: RemoteRepository, ref: Reference, repoName: string, o: PushOptions): Promise<void> {
  const imageId = images.records.lookupName(formatReference(ref))!;
  const config = images.config(imageId);
  const diffIds = config.rootfs.diff_ids;
  const layers: BlobDescriptor[] = [];
  for (const diffId of diffIds) o.progress({ status: 'Preparing', id: shortId(diffId), progressDetail: {} });
  for (const diffId of diffIds) layers.push(await layerBlob(images, diffId));
  for (const diffId of diffIds) o.progress({ status: 'Waiting', id: shortId(diffId), progressDetail: {} });
  for (let i = 0; i < layers.length; i++) await pushLayer(images, remote, layers[i]!, shortId(diffIds[i]!), repoName, o);

  const configBytes = await images.content.read(imageId);
  if (!(await remote.blobExists(imageId))) await remote.uploadBlob(imageId, configBytes.length, configBytes, false);

  const { bytes, mediaType } = await manifestFor(images, imageId, configBytes.length, layers);
  const digest = await remote.putManifest(ref.tag!, mediaType, bytes);
  await images.content.put(bytes);
  await images.distribution.record({ manifest: [imageId, { mediaType, digest, size: bytes.length }], sources: layers.map((l) => [l.digest, repoName] as [string, string]) });
  await images.register(configBytes, [`${repoName}@${digest}`]);
  o.progress({ status: `${ref.tag}: digest: ${digest} size: ${bytes.length}` });
  o.progress({ progressDetail: {}, aux: { Tag: ref.tag, Digest: digest, Size: bytes.length } });
}

async function pushLayer(images: ImageService, remote: RemoteRepository, d: BlobDescriptor, id: string, repoName: string, o: PushOptions): Promise<void> {
  // Non-distributable layers stay where their URLs point; the manifest names them, the registry never gets them.
  if (isNonDistributable(d)) {
    o.progress({ status: 'Skipped foreign layer', id, progressDetail: {} });
    return;
  }
  if (await remote.blobExists(d.digest)) {
    o.progress({ status: 'Layer already exists', id, progressDetail: {} });
    return;
  }
  const domain = parseReference(repoName).domain;
  for (const src of images.distribution.sourcesOf(d.digest)) {
    if (!src.startsWith(`${domain}/`) || src === repoName) continue;
    const from = src.slice(domain.length + 1);
    if (await remote.mountBlob(d.digest, from)) {
      o.progress({ status: `Mounted from ${from}`, id, progressDetail: {} });
      return;
    }
  }
  const bar = new ThrottledProgress(o.progress, id, 'Pushing', d.size);
  let sent = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _e, cb) {
      sent += chunk.length;
      bar.update(sent);
      cb(null, chunk);
    },
  });
  const reader = images.content.reader(d.digest);
  reader.once('error', (err) => counter.destroy(err));
  await remote.uploadBlob(d.digest, d.size, reader.pipe(counter), true);
  bar.update(sent, true);
  o.progress({ status: 'Pushed', id, progressDetail: {} });
}

/** The compressed blob for a layer: one held already, or a gzip of its tar made now and kept. */
async function layerBlob(images: ImageService, diffId: string): Promise<BlobDescriptor> {
  for (const d of images.distribution.compressedFor(diffId)) if (await images.content.has(d.digest)) return d;
  if (!(await images.content.has(diffId))) {
    throw new BerthError('not-found', 'ERR_LAYER_DATA_MISSING', `layer ${diffId} has no data to push (its blob is gone)`);
  }
  const writer = images.content.writer();
  try {
    await pipeline(images.content.reader(diffId), createGzip({ level: 6 }), writer.stream);
    const size = writer.size;
    const digest = await writer.commit();
    const d: BlobDescriptor = { mediaType: MEDIA_TYPES.dockerLayerGzip, digest, size };
    await images.distribution.record({ layers: [[diffId, d]] });
    return d;
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

/** The manifest the image came with (when its layers are the ones being pushed), else a Docker schema2 one. */
async function manifestFor(images: ImageService, imageId: string, configSize: number, layers: BlobDescriptor[]): Promise<{ bytes: Buffer; mediaType: string }> {
  const kept = images.distribution.manifestOf(imageId);
  if (kept && (await images.content.has(kept.digest))) {
    const bytes = await images.content.read(kept.digest);
    const doc = JSON.parse(bytes.toString('utf8')) as { layers?: Array<{ digest: string }>; config?: { digest: string } };
    const same = doc.config?.digest === imageId && doc.layers?.length === layers.length && doc.layers.every((l, i) => l.digest === layers[i]!.digest);
    if (same) return { bytes, mediaType: kept.mediaType };
  }
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.dockerManifest,
    config: { mediaType: MEDIA_TYPES.dockerConfig, size: configSize, digest: imageId },
    layers: layers.map((l) => ({ mediaType: l.mediaType, size: l.size, digest: l.digest })),
  };
  return { bytes: Buffer.from(JSON.stringify(manifest, null, 3)), mediaType: MEDIA_TYPES.dockerManifest };
}
