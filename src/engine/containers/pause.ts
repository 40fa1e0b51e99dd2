// `POST /containers/{id}/pause` and `/unpause`: every process of the container frozen (runc pause: the cgroup
// freezer) and thawed again. The status says so (paused), inspect shows State.Paused, ps "(Paused)".
import { BerthError } from '../../errors.js';
import type { ContainerService } from './container-service.js';

const conflict = (message: string) => new BerthError('conflict', 'ERR_CONTAINER_STATE', message);

export async function pauseContainer(svc: ContainerService, ref: string): Promise<void> {
  const rec = svc.resolve(ref);
  await svc.locks.run(rec.id, async () => {
    if (rec.state.status === 'paused') throw conflict(`Container ${rec.id} is already paused`);
    if (rec.state.status !== 'running') throw conflict(`Container ${rec.id} is not running`);
    await svc.runtime(rec).pause(rec.id);
    rec.state.status = 'paused';
    await svc.save(rec);
    svc.emit(rec, 'pause');
  });
}

export async function unpauseContainer(svc: ContainerService, ref: string): Promise<void> {
  const rec = svc.resolve(ref);
  await svc.locks.run(rec.id, async () => {
    if (rec.state.status !== 'paused') throw conflict(`Container ${rec.id} is not paused`);
    await svc.runtime(rec).resume(rec.id);
    rec.state.status = 'running';
    await svc.save(rec);
    svc.emit(rec, 'unpause');
  });
}
