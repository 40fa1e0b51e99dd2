// `SizeRw` (the container's writable layer) and `SizeRootFs` (that plus its image's layers), as `ps -s` and
// `inspect --size` show them. Walked on demand like dockerd does; image layers never change, so their total is
// kept per image.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerService } from './container-service.js';
import type { ContainerRecord } from './container-record.js';

const imageSizes = new Map<string, Promise<number>>();

/** Bytes of regular files and symlinks under `dir`, each inode once. */
export async function dirSize(dir: string, seen = new Set<string>()): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const sizes = await Promise.all(
    entries.map(async (e): Promise<number> => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return dirSize(p, seen);
      const st = await lstat(p).catch(() => undefined);
      if (!st || !(st.isFile() || st.isSymbolicLink())) return 0;
      const key = `${st.dev}:${st.ino}`;
      if (seen.has(key)) return 0;
      seen.add(key);
      return st.size;
    }),
  );
  return sizes.reduce((a, b) => a + b, 0);
}

export async function containerSizes(svc: ContainerService, rec: ContainerRecord): Promise<{ SizeRw: number; SizeRootFs: number }> {
  let image = imageSizes.get(rec.imageId);
  if (!image) {
    image = svc.options.images
      .getImageForRun(rec.imageId)
      .then(async (img) => {
        const seen = new Set<string>();
        let sum = 0;
        for (const d of img.lowerDirs) sum += await dirSize(d, seen);
        return sum;
      })
      .catch(() => 0);
    imageSizes.set(rec.imageId, image);
  }
  const [rw, img] = await Promise.all([dirSize(join(svc.paths.container(rec.id), 'upper')), image]);
  return { SizeRw: rw, SizeRootFs: rw + img };
}
