// `POST /containers/{id}/kill`: one signal to the container's init process. SIGKILL waits for the exit, as
// dockerd's Kill does; other signals return once sent.
import { isActive } from '../../container/state.js';
import { containerNotRunning } from '../../errors.js';
import { parseSignal } from '../../runtime/signals.js';
import type { ContainerService } from './container-service.js';
import { sleep } from './stop.js';

export async function killContainer(svc: ContainerService, ref: string, signal = 'KILL'): Promise<void> {
  const sig = String(parseSignal(signal)); // Docker checks the signal first: 400 even for a stopped container
  const rec = svc.resolve(ref);
  if (!isActive(rec.state.status)) throw containerNotRunning(ref, rec.id);
  const exited = svc.nextExit(rec.id);
  if (sig === '9' || sig === String(parseSignal(rec.config.StopSignal || 'SIGTERM'))) svc.restarts.userStopping(rec, false);
  await svc.runtime(rec).kill(rec.id, sig);
  svc.emit(rec, 'kill', { signal: sig });
  if (sig === '9') await Promise.race([exited, sleep(10_000)]);
}
