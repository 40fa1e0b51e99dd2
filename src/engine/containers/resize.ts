// `POST /containers/{id}/resize`: the terminal size of a TTY container, through conmon's control FIFO. Without a
// TTY (or when not running) there is nothing to resize; the container must exist and h/w must be numbers.
import { invalidArgument } from '../../errors.js';
import { resizeTerminal } from '../../runtime/conmon.js';
import type { ContainerService } from './container-service.js';

export async function resizeContainer(svc: ContainerService, ref: string, size: { h: string | null; w: string | null }): Promise<void> {
  const rec = svc.resolve(ref);
  const num = (v: string | null) => {
    if (v === null || v === '') return 0;
    if (!/^\d+$/.test(v)) throw invalidArgument(`strconv.Atoi: parsing "${v}": invalid syntax`);
    return Number(v);
  };
  const [h, w] = [num(size.h), num(size.w)];
  if (rec.config.Tty !== true || rec.state.status !== 'running' || h === 0 || w === 0) return;
  await resizeTerminal(svc.paths.runtimeDir(rec.id), h, w).catch((err: unknown) => svc.log.debug('resize failed', { container: rec.id, err }));
}
