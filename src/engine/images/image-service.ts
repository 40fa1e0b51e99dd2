// STUB — to be replaced by the image service (content store, snapshots, layers, load/import, list/inspect/tag/rm).
import type { Paths } from '../../config/config.js';
import type { Logger } from '../../log.js';
import type { ImageForRun, ImageProvider, ImageUsers } from '../backend.js';
import { noSuchImage } from '../../errors.js';

export interface ImageServiceOptions {
  paths: Paths;
  log: Logger;
  /** Late-bound: the container service is constructed after the image service. */
  users: () => ImageUsers;
}

export class ImageService implements ImageProvider {
  constructor(readonly options: ImageServiceOptions) {}
  async init(): Promise<void> {}
  async getImageForRun(ref: string): Promise<ImageForRun> {
    throw noSuchImage(ref);
  }
  count(): number {
    return 0;
  }
}
