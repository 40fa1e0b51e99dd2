// Docker Engine API shapes of the image endpoints (moby's api/types/image), and the translation from the image
// service's views to them. Field names and null-vs-empty choices follow what dockerd sends.
import type { ImageListEntry, ImageDetail, HistoryRow } from '../../engine/images/image-views.js';
import type { ImageRunConfig } from '../../engine/backend.js';

/** `GET /images/json` item. */
export interface ImageSummary {
  Id: string;
  ParentId: string;
  RepoTags: string[];
  RepoDigests: string[];
  /** Unix seconds. */
  Created: number;
  Size: number;
  SharedSize: number;
  VirtualSize: number;
  Labels: Record<string, string>;
  Containers: number;
}

/** `GET /images/{name}/json`. */
export interface ImageInspect {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Parent: string;
  Comment: string;
  /** RFC 3339. */
  Created: string;
  DockerVersion: string;
  Author: string;
  Config: Omit<ImageRunConfig, 'Env' | 'Cmd' | 'Entrypoint' | 'WorkingDir' | 'Labels'> & { Env: string[] | null; Cmd: string[] | null; Entrypoint: string[] | null; WorkingDir: string; Labels: Record<string, string> | null };
  Architecture: string;
  Variant?: string;
  Os: string;
  Size: number;
  VirtualSize: number;
  GraphDriver: { Name: 'overlay2'; Data: Record<string, string> };
  RootFS: { Type: 'layers'; Layers: string[] };
  Metadata: { LastTagTime: string };
}

/** `GET /images/{name}/history` item, newest first. */
export interface HistoryResponseItem {
  Id: string;
  /** Unix seconds. */
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

export type ImageDeleteResponseItem = { Untagged: string } | { Deleted: string };

export interface ImagesPruneReport {
  ImagesDeleted: ImageDeleteResponseItem[] | null;
  SpaceReclaimed: number;
}

/** A JSON message of the pull/import/load streams. */
export type ImageStreamMessage = { status: string } | { stream: string } | { errorDetail: { message: string }; error: string };

const unix = (iso: string | undefined) => (iso ? Math.floor(Date.parse(iso) / 1000) : 0);
const ZERO_TIME = '0001-01-01T00:00:00Z';

export function toImageSummary(e: ImageListEntry): ImageSummary {
  return {
    Id: e.id,
    ParentId: '',
    RepoTags: e.tags,
    RepoDigests: e.digests,
    Created: unix(e.config.created),
    Size: e.size,
    SharedSize: e.sharedSize ?? -1,
    VirtualSize: e.size,
    Labels: e.config.config?.Labels ?? {},
    Containers: e.containers ?? -1,
  };
}

export function toImageInspect(e: ImageDetail): ImageInspect {
  const { config } = e;
  const [upper, ...lower] = e.layerDirs;
  const data: Record<string, string> = { UpperDir: upper ?? '' };
  if (lower.length) data.LowerDir = lower.join(':');
  return {
    Id: e.id,
    RepoTags: e.tags,
    RepoDigests: e.digests,
    Parent: '',
    Comment: config.comment ?? '',
    Created: config.created ?? ZERO_TIME,
    DockerVersion: config.docker_version ?? '',
    Author: config.author ?? '',
    Config: { Env: null, Cmd: null, Entrypoint: null, WorkingDir: '', Labels: null, ...(config.config ?? {}) },
    Architecture: config.architecture,
    ...(config.variant ? { Variant: config.variant } : {}),
    Os: config.os,
    Size: e.size,
    VirtualSize: e.size,
    GraphDriver: { Name: 'overlay2', Data: data },
    RootFS: { Type: 'layers', Layers: config.rootfs.diff_ids },
    Metadata: { LastTagTime: e.lastTagTime ?? ZERO_TIME },
  };
}

export function toHistoryItem(r: HistoryRow): HistoryResponseItem {
  return { Id: r.id ?? '<missing>', Created: unix(r.created), CreatedBy: r.createdBy, Tags: r.tags.length ? r.tags : null, Size: r.size, Comment: r.comment };
}
