// `POST /commit`: a container's changes (its overlay upper dir) become a layer on top of its image, and the image
// config takes the container's settings plus `--change` instructions. A running container is paused for the copy
// (the default, as in Docker). The builder commits its RUN containers through `layerFromContainer` too.
import { join } from 'node:path';
import type { ContainerService } from './container-service.js';
import type { ContainerRecord } from './container-record.js';
import type { ImageService, UnpackedLayer } from '../images/image-service.js';
import { unpackAndStore } from '../images/layer-blob.js';
import { packDir } from '../../layers/pack-dir.js';
import { applyChanges } from '../../image/changes.js';
import type { ContainerConfigInImage, ImageConfig } from '../../image/image-config.js';
import { formatReference, parseRepoTag } from '../../reference/reference.js';
import { BerthError } from '../../errors.js';

export interface CommitOptions {
  repo?: string;
  tag?: string;
  author?: string;
  comment?: string;
  changes: string[];
  pause: boolean;
  /** Config fields from the request body (`docker commit` sends the container's config merged with changes). */
  config?: ContainerConfigInImage;
}

/** The container's upper dir as a new snapshot on top of its image's layers. */
export async function layerFromContainer(svc: ContainerService, images: ImageService, rec: ContainerRecord): Promise<UnpackedLayer> {
  const record = images.resolve(rec.imageId).record;
  const parent = record.chainIds[record.chainIds.length - 1];
  const upper = join(svc.paths.container(rec.id), 'upper');
  return unpackAndStore(images, packDir(upper, { overlay: true, skipRoot: true, exclude: runtimeArtifact, idMap: svc.options.idMap }), parent);
}

/** What runc leaves in an upper dir for its own mounts (empty mount-point files, /dev /proc /sys): not changes. */
export function runtimeArtifact(rel: string, st: import('node:fs').Stats): boolean {
  if (rel === 'etc/hostname' || rel === 'etc/hosts' || rel === 'etc/resolv.conf') return st.isFile() && st.size === 0;
  return rel === 'dev' || rel === 'proc' || rel === 'sys';
}

const pick = (c: ContainerRecord['config']): ContainerConfigInImage => {
  const out: ContainerConfigInImage = {};
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : undefined);
  if (c.User) out.User = c.User;
  if (c.Env) out.Env = c.Env;
  if (c.Cmd) out.Cmd = list(c.Cmd);
  if (c.Entrypoint) out.Entrypoint = list(c.Entrypoint);
  if (c.WorkingDir) out.WorkingDir = c.WorkingDir;
  if (c.Labels && Object.keys(c.Labels).length) out.Labels = c.Labels;
  if (c.StopSignal) out.StopSignal = c.StopSignal;
  if (c.ExposedPorts) out.ExposedPorts = c.ExposedPorts;
  if (c.Volumes) out.Volumes = c.Volumes;
  if (c.Healthcheck) out.Healthcheck = c.Healthcheck as ContainerConfigInImage['Healthcheck'];
  return out;
};

export async function commitContainer(svc: ContainerService, images: ImageService, ref: string, o: CommitOptions): Promise<string> {
  const rec = svc.resolve(ref);
  const name = o.repo ? formatReference(parseRepoTag(o.repo, o.tag || undefined)) : undefined;
  const base = images.config(rec.imageId);
  const containerConfig = applyChanges({ ...(base.config ?? {}), ...pick(rec.config), ...(o.config ?? {}) }, o.changes);
  const paused = o.pause && rec.state.status === 'running';
  if (paused) {
    await svc.runtime(rec).pause(rec.id).catch((err: unknown) => {
      throw new BerthError('conflict', 'ERR_COMMIT_PAUSE', `failed to pause container ${rec.id}: ${(err as Error).message}`);
    });
  }
  let layer: UnpackedLayer;
  try {
    layer = await layerFromContainer(svc, images, rec);
  } finally {
    if (paused) await svc.runtime(rec).resume(rec.id).catch(() => {});
  }
  try {
    const created = new Date().toISOString();
    const config: ImageConfig = {
      ...base,
      created,
      author: o.author || undefined,
      comment: o.comment || undefined,
      config: containerConfig,
      container_config: undefined,
      rootfs: { type: 'layers', diff_ids: [...base.rootfs.diff_ids, layer.diffId] },
      history: [...(base.history ?? []), { created, created_by: [rec.path, ...rec.args].join(' '), ...(o.author ? { author: o.author } : {}), ...(o.comment ? { comment: o.comment } : {}) }],
    };
    const id = await images.register(Buffer.from(JSON.stringify(config)), name ? [name] : [], rec.imageId);
    svc.emit(rec, 'commit', { comment: o.comment ?? '' });
    return id;
  } finally {
    layer.release();
  }
}
