// `GET /containers/{id}/changes` (`docker diff`): what the container changed against its image, read from its overlay
// upper dir. A whiteout (0/0 character device) is a deletion (D); an entry the image has too is a change (C);
// anything else was added (A). Kind numbers as Docker's API: 0 modified, 1 added, 2 deleted.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerService } from './container-service.js';
import { runtimeArtifact } from './commit.js';

export interface Change {
  Path: string;
  Kind: 0 | 1 | 2;
}

export async function containerChanges(svc: ContainerService, ref: string): Promise<Change[]> {
  const rec = svc.resolve(ref);
  const image = await svc.options.images.getImageForRun(rec.imageId);
  const upper = join(svc.paths.container(rec.id), 'upper');
  const out: Change[] = [];
  const inImage = async (rel: string): Promise<boolean> => {
    for (const dir of image.lowerDirs) {
      const st = await lstat(join(dir, rel)).catch(() => undefined);
      if (st) return !(st.isCharacterDevice() && st.rdev === 0);
    }
    return false;
  };
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(upper, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = `${rel}/${e.name}`;
      const st0 = await lstat(join(upper, r)).catch(() => undefined);
      if (!st0 || runtimeArtifact(r.slice(1), st0)) continue;
      if (e.isCharacterDevice()) {
        const st = await lstat(join(upper, r));
        if (st.rdev === 0) {
          out.push({ Path: r, Kind: 2 });
          continue;
        }
      }
      const existed = await inImage(r);
      out.push({ Path: r, Kind: existed ? 0 : 1 });
      if (e.isDirectory()) await walk(r);
    }
  };
  await walk('');
  return out;
}
