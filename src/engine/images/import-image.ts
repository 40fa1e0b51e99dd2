// `POST /images/create?fromSrc=-`: a root filesystem tar (plain or compressed) becomes a one-layer image.
import type { Readable } from 'node:stream';
import { arch } from 'node:os';
import type { ImageService } from './image-service.js';
import { unpackAndStore } from './layer-blob.js';
import { applyChanges } from '../../image/changes.js';
import type { ImageConfig } from '../../image/image-config.js';
import { formatReference, parseRepoTag } from '../../reference/reference.js';

export interface ImportOptions {
  body: Readable;
  repo?: string;
  tag?: string;
  changes: string[];
  message?: string;
  /** Where the tar came from, for the history comment (`-` for the request body). */
  source: string;
}

export async function importImage(images: ImageService, o: ImportOptions): Promise<string> {
  // Validate everything before reading the body.
  const name = o.repo ? formatReference(parseRepoTag(o.repo, o.tag || undefined)) : undefined;
  const containerConfig = applyChanges({}, o.changes);
  const layer = await unpackAndStore(images, o.body, undefined);
  try {
    const created = new Date().toISOString();
    const comment = o.message || `Imported from ${o.source}`;
    const config: ImageConfig = {
      architecture: arch() === 'x64' ? 'amd64' : arch(),
      os: 'linux',
      created,
      comment,
      config: containerConfig,
      rootfs: { type: 'layers', diff_ids: [layer.diffId] },
      history: [{ created, comment }],
    };
    return await images.register(Buffer.from(JSON.stringify(config)), name ? [name] : []);
  } catch (err) {
    layer.release();
    if (layer.created) await images.releaseLayers([layer.chainId]);
    throw err;
  } finally {
    layer.release();
  }
}
