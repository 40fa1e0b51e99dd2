// The image model: Docker/OCI image config JSON, manifests and indexes, chain IDs. Pure.
import { sha256, type Digest } from '../common/digest.js';

export interface ContainerConfigInImage {
  User?: string;
  Env?: string[];
  Cmd?: string[];
  Entrypoint?: string[];
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  ExposedPorts?: Record<string, object>;
  Volumes?: Record<string, object>;
  Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; StartInterval?: number; Retries?: number };
  OnBuild?: string[] | null;
  Shell?: string[];
  ArgsEscaped?: boolean;
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** The image config blob (application/vnd.oci.image.config.v1+json / vnd.docker.container.image.v1+json). */
export interface ImageConfig {
  architecture: string;
  os: string;
  variant?: string;
  created?: string;
  author?: string;
  comment?: string;
  docker_version?: string;
  config?: ContainerConfigInImage;
  container_config?: ContainerConfigInImage;
  rootfs: { type: 'layers'; diff_ids: string[] };
  history?: HistoryEntry[];
  parent?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { architecture: string; os: string; variant?: string };
}

export interface Manifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface Index {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
}

export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

/** chainID(L0) = diffID(L0); chainID(Ln) = sha256(chainID(Ln-1) + " " + diffID(Ln)). */
export function chainIds(diffIds: readonly string[]): Digest[] {
  const out: Digest[] = [];
  for (const d of diffIds) out.push(out.length === 0 ? (d as Digest) : sha256(`${out[out.length - 1]} ${d}`));
  return out;
}

/** Validates the parts of a config blob the engine relies on; returns it typed. */
export function parseImageConfig(raw: Buffer | string): ImageConfig {
  const value = JSON.parse(raw.toString()) as ImageConfig;
  if (!value || typeof value !== 'object' || !value.rootfs || !Array.isArray(value.rootfs.diff_ids)) {
    throw new Error('image config has no rootfs.diff_ids');
  }
  for (const d of value.rootfs.diff_ids) if (!/^sha256:[a-f0-9]{64}$/.test(d)) throw new Error(`bad diff ID ${d}`);
  return value;
}
