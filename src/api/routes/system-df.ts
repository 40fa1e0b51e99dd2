// `GET /system/df`: what `docker system df` reads — images (with how many containers use each and the size they
// share), containers with their sizes, volumes with their size and reference count, the total of the layers, and
// the build cache (the classic builder's cache entries are images, counted there).
import type { Router } from '../router.js';
import type { ImageService } from '../../engine/images/image-service.js';
import type { ContainerService } from '../../engine/containers/container-service.js';
import { VolumeService } from '../../engine/volumes/volume-service.js';
import { listImages } from '../../engine/images/image-views.js';
import { listContainers } from '../../engine/containers/list.js';
import { containerSizes, dirSize } from '../../engine/containers/container-size.js';
import { toImageSummary } from '../wire/images.js';

export function systemDfRoutes(r: Router, images: ImageService, containers: ContainerService, volumes: VolumeService): void {
  r.get('/system/df', async (x) => {
    const types = x.query.getAll('type');
    const want = (t: string) => types.length === 0 || types.includes(t);
    const out: Record<string, unknown> = {};
    if (want('image')) {
      out.LayersSize = images.snapshots.all().reduce((sum, s) => sum + s.size, 0);
      out.Images = listImages(images, {}, true, false).map(toImageSummary);
    }
    if (want('container')) {
      const list = listContainers(containers, { all: true, filters: {}, size: true });
      await Promise.all(list.map(async (c) => Object.assign(c, await containerSizes(containers, containers.resolve(String(c.Id))))));
      out.Containers = list;
    }
    if (want('volume')) {
      out.Volumes = await Promise.all(
        volumes.list({}).map(async (v) => ({ ...VolumeService.view(v), UsageData: { Size: await dirSize(v.Mountpoint), RefCount: volumes.users(v.Name).length } })),
      );
    }
    if (want('build-cache')) out.BuildCache = [];
    x.json(200, out);
  });
}
