// Re-adoption at daemon start: load the records, and for each container that was running when berthd went down
// read what happened meanwhile. Running ones stay running (runc still knows them; conmon kept logging); one that
// exited has an exit file (recorded now, `--rm` finished); one that vanished without an exit file (host reboot)
// is marked exited with 255. A removal interrupted by a crash is completed.
import { access, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isActive } from '../../container/state.js';
import type { ContainerService } from './container-service.js';
import type { ContainerRecord } from './container-record.js';

export async function loadRecords(svc: ContainerService): Promise<void> {
  const p = svc.paths;
  for (const id of await readdir(p.containers)) {
    const file = join(p.container(id), 'config.v2.json');
    let rec: ContainerRecord;
    try {
      rec = JSON.parse(await readFile(file, 'utf8')) as ContainerRecord;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        // only a create that crashed before its first save leaves a directory without a record
        await rm(p.container(id), { recursive: true, force: true });
      } else svc.log.error('unreadable container record left in place', { container: id, err });
      continue;
    }
    svc.records.set(rec.id, rec);
    svc.names.set(rec.name, rec.id);
  }
}

export async function reconcile(svc: ContainerService, rec: ContainerRecord): Promise<void> {
  if (rec.state.status === 'removing') {
    await svc.removeNow(rec);
    return;
  }
  if (!isActive(rec.state.status)) {
    // a daemon that went down between an exit and its cleanup left the runtime dir (rootfs mount, runc's record)
    if (await access(svc.paths.runtimeDir(rec.id)).then(() => true, () => false)) await svc.releaseRuntime(rec);
    return;
  }
  if (await access(join(svc.paths.exitDir, rec.id)).then(() => true, () => false)) {
    await svc.recordExit(rec.id);
    return;
  }
  const state = await svc.runtime(rec).state(rec.id);
  if (!state || state.status === 'stopped') {
    rec.state = { ...rec.state, status: 'exited', pid: 0, exitCode: rec.state.exitCode || 255, finishedAt: new Date().toISOString() };
    await svc.save(rec);
    await svc.releaseRuntime(rec);
    if (rec.hostConfig.AutoRemove) await svc.removeNow(rec, true);
    return;
  }
  rec.state.status = state.status === 'paused' ? 'paused' : 'running';
  svc.watchLog(rec);
  svc.log.info('re-adopted running container', { container: rec.id, pid: state.pid });
}
