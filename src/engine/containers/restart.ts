// `POST /containers/{id}/restart`: stop (as `docker stop` does, when running), then start.
import { isActive } from '../../container/state.js';
import { parseSignal } from '../../runtime/signals.js';
import type { ContainerService } from './container-service.js';
import { startContainer } from './start.js';
import { stopNow, type StopOptions } from './stop.js';

export async function restartContainer(svc: ContainerService, ref: string, o: StopOptions): Promise<void> {
  const rec = svc.resolve(ref);
  if (o.signal) parseSignal(o.signal);
  await svc.locks.run(rec.id, async () => {
    svc.restarts.cancel(rec);
    svc.restarts.userStopping(rec, false);
    if (isActive(rec.state.status)) await stopNow(svc, rec, o);
  });
  await startContainer(svc, rec.id);
  svc.emit(rec, 'restart');
}
