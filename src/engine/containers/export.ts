// `GET /containers/{id}/export`: the container's filesystem (its image's layers under its own changes) as one tar.
// The layers are mounted read-only as one overlay in a private temp dir (the container's upper dir becomes the
// top lower dir, so its whiteouts hide what it deleted), GNU tar streams it, and the mount goes again.
import { mkdtemp, rm } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { ContainerService } from './container-service.js';
import { toContainer, type IdMap } from '../../common/id-map.js';
import { remapTarIds } from '../../layers/remap-tar.js';
import { mount, umount, MNT_DETACH, MS_RDONLY } from '../../common/syscalls.js';

export async function exportContainer(svc: ContainerService, ref: string, open: () => Writable, signal?: AbortSignal): Promise<void> {
  const rec = svc.resolve(ref);
  const image = await svc.options.images.getImageForRun(rec.imageId);
  const upper = join(svc.paths.container(rec.id), 'upper');
  const target = await mkdtemp(join(svc.paths.tmp, 'export-'));
  try {
    mount('overlay', target, 'overlay', MS_RDONLY, `lowerdir=${[upper, ...image.lowerDirs].join(':')}`);
    try {
      await streamTar(target, open(), signal, svc.options.idMap);
    } finally {
      umount(target, MNT_DETACH);
    }
  } finally {
    await rm(target, { recursive: true, force: true });
  }
}

function streamTar(dir: string, out: Writable, signal?: AbortSignal, idMap?: IdMap): Promise<void> {
  return new Promise((resolve, reject) => {
    const tar = spawn('tar', ['--numeric-owner', '--xattrs', '--xattrs-include=*', '--sparse', '-C', dir, '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'pipe'], signal });
    const err: Buffer[] = [];
    tar.stderr.on('data', (b: Buffer) => err.push(b));
    // under --userns-remap the tree holds host IDs: the export shows the container's
    const stream = idMap ? remapTarIds(tar.stdout, (uid, gid) => toContainer(idMap, uid, gid)) : tar.stdout;
    stream.on('error', reject);
    stream.pipe(out);
    tar.on('error', reject);
    tar.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`exporting the container failed: ${Buffer.concat(err).toString().trim() || `tar exited ${code}`}`));
    });
  });
}
