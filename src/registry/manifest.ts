// Media types and the pure parts of reading what a registry returns: classify a manifest document, pick the
// platform's entry from an index / manifest list, refuse schema1. Pure.
import { noMatchingPlatform, unsupportedManifest, invalidArgument } from '../errors.js';

export const MEDIA_TYPES = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  schema1: 'application/vnd.docker.distribution.manifest.v1+json',
  schema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

/** What a pull asks for, best first (the Accept header). */
export const MANIFEST_ACCEPT = [MEDIA_TYPES.dockerList, MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerManifest, MEDIA_TYPES.ociManifest].join(', ');

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface RemoteDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform & { 'os.version'?: string };
  urls?: string[];
  annotations?: Record<string, string>;
}

export interface ImageManifest {
  schemaVersion: number;
  mediaType: string;
  config: RemoteDescriptor;
  layers: RemoteDescriptor[];
}

export interface ImageIndex {
  schemaVersion: number;
  mediaType: string;
  manifests: RemoteDescriptor[];
}

export type ParsedManifest = { kind: 'manifest'; manifest: ImageManifest } | { kind: 'index'; index: ImageIndex };

/** Classifies a manifest document by its content type and shape; schema1 and unknown types are refused clearly. */
export function parseManifest(bytes: Buffer, contentType: string | undefined, ref: string): ParsedManifest {
  const type = (contentType ?? '').split(';')[0]!.trim();
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw unsupportedManifest(`invalid manifest for ${ref}: not JSON`);
  }
  const mediaType = typeof doc.mediaType === 'string' ? doc.mediaType : type;
  if (doc.schemaVersion === 1 || mediaType === MEDIA_TYPES.schema1 || mediaType === MEDIA_TYPES.schema1Signed) {
    throw unsupportedManifest(
      `[DEPRECATION NOTICE] Docker Image Format v1 and Docker Image manifest version 2, schema 1 support is disabled by default and will be removed in an upcoming release. Suggest the author of ${ref} to upgrade the image to the OCI Format or Docker Image manifest v2, schema 2.`,
    );
  }
  if (Array.isArray(doc.manifests)) {
    return { kind: 'index', index: { schemaVersion: 2, mediaType: mediaType || MEDIA_TYPES.ociIndex, manifests: doc.manifests as RemoteDescriptor[] } };
  }
  if (doc.config && Array.isArray(doc.layers)) {
    const m = doc as unknown as ImageManifest;
    return { kind: 'manifest', manifest: { schemaVersion: 2, mediaType: mediaType || MEDIA_TYPES.ociManifest, config: m.config, layers: m.layers } };
  }
  throw unsupportedManifest(`unsupported manifest media type for ${ref}: ${mediaType || 'unknown'}`);
}

/** `linux/amd64`, `linux/arm64/v8`, `arm64` (os defaults to linux). */
export function parsePlatform(spec: string): Platform {
  const parts = spec.trim().toLowerCase().split('/');
  if (parts.some((p) => p === '') || parts.length > 3) throw invalidArgument(`"${spec}": unknown operating system or architecture: invalid argument`);
  const [a, b, c] = parts as [string, string?, string?];
  const os = b === undefined ? 'linux' : a;
  const architecture = normaliseArch(b === undefined ? a : b);
  const variant = c ?? (architecture === 'arm64' && b !== undefined ? undefined : undefined);
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** The API's `platform` parameter: `os/arch[/variant]` (pull) or an OCI platform as JSON (push, docker CLI 28). */
export function parsePlatformParam(value: string): Platform {
  if (!value.trimStart().startsWith('{')) return parsePlatform(value);
  let p: { os?: unknown; architecture?: unknown; variant?: unknown };
  try {
    p = JSON.parse(value) as typeof p;
  } catch {
    throw invalidArgument(`invalid platform: ${value}`);
  }
  if (typeof p?.os !== 'string' || typeof p.architecture !== 'string' || (p.variant !== undefined && typeof p.variant !== 'string')) {
    throw invalidArgument(`invalid platform: ${value}`);
  }
  return parsePlatform([p.os, p.architecture, p.variant].filter(Boolean).join('/'));
}

function normaliseArch(a: string): string {
  if (a === 'x86_64' || a === 'x86-64') return 'amd64';
  if (a === 'aarch64') return 'arm64';
  return a;
}

export const formatPlatform = (p: Platform) => [p.os, p.architecture, p.variant].filter(Boolean).join('/');

/** Picks the index entry for `want` (variant matched when asked for; arm64's v8 counts as no variant). */
export function selectPlatform(index: ImageIndex, want: Platform): RemoteDescriptor {
  const candidates = index.manifests.filter((m) => m.platform && m.platform.os === want.os && normaliseArch(m.platform.architecture) === want.architecture);
  const variantOf = (m: RemoteDescriptor) => m.platform?.variant ?? (want.architecture === 'arm64' ? 'v8' : undefined);
  const wantVariant = want.variant ?? (want.architecture === 'arm64' ? 'v8' : undefined);
  const exact = candidates.find((m) => variantOf(m) === wantVariant);
  const pick = exact ?? (want.variant === undefined ? candidates[0] : undefined);
  if (!pick) {
    const available = index.manifests.filter((m) => m.platform && m.platform.architecture !== 'unknown').map((m) => formatPlatform(m.platform!));
    throw noMatchingPlatform(formatPlatform(want), available);
  }
  return pick;
}

/** Layers the registry may not hold (foreign/non-distributable ones with URLs) are fetched from their URLs. */
export const isNonDistributable = (d: RemoteDescriptor) =>
  d.mediaType === MEDIA_TYPES.dockerForeignLayer || d.mediaType.startsWith('application/vnd.oci.image.layer.nondistributable.');
