// `DELETE /containers/{id}`: a running container is a 409 unless forced; forced, every process gets SIGKILL and
// the exit is awaited (never `runc delete -f`, which polls). The record goes first, the disk cleanup after.
import { canRemove } from '../../container/state.js';
import { containerRunning } from '../../errors.js';
import type { ContainerService } from './container-service.js';
import { sleep } from './stop.js';

export interface RemoveOptions {
  force: boolean;
  /** `rm -v`: the container's anonymous volumes go too. */
  volumes?: boolean;
}

export async function removeContainer(svc: ContainerService, ref: string, o: RemoveOptions): Promise<void> {
  const rec = svc.resolve(ref);
  await svc.locks.run(rec.id, async () => {
    if (rec.state.status === 'removing') return;
    svc.restarts.cancel(rec);
    svc.restarts.userStopping(rec, false);
    if (!canRemove(rec.state.status)) {
      if (!o.force) throw containerRunning(rec.name);
      const exited = svc.nextExit(rec.id);
      svc.emit(rec, 'kill', { signal: '9' });
      await svc.runtime(rec).kill(rec.id, 'KILL', true);
      await Promise.race([exited, sleep(15_000)]);
    }
    await svc.removeNow(rec, o.volumes === true);
  });
}
