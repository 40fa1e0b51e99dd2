// `POST /containers/{id}/stop`: the stop signal, `timeout` seconds, then SIGKILL to every process. Already stopped
// is a 304. A PID 1 without a handler ignores SIGTERM (init semantics), which is why the KILL fallback matters.
import { isActive } from '../../container/state.js';
import { notModified } from '../../errors.js';
import { parseSignal } from '../../runtime/signals.js';
import type { ContainerService } from './container-service.js';
import type { ContainerRecord } from './container-record.js';

export interface StopOptions {
  /** Seconds to wait before SIGKILL; negative waits forever; undefined: the container's StopTimeout, else 10. */
  timeout?: number;
  /** Overrides the container's StopSignal (API >= 1.42). */
  signal?: string;
}

export const DEFAULT_STOP_TIMEOUT = 10;

export async function stopContainer(svc: ContainerService, ref: string, o: StopOptions): Promise<void> {
  const rec = svc.resolve(ref);
  const signal = String(parseSignal(o.signal || rec.config.StopSignal || 'SIGTERM')); // 400 before anything else
  await svc.locks.run(rec.id, async () => {
    svc.restarts.userStopping(rec, true);
    if (svc.restarts.cancel(rec)) return void (await svc.save(rec));
    if (!isActive(rec.state.status)) {
      await svc.save(rec);
      throw notModified('container already stopped');
    }
    await stopNow(svc, rec, { ...o, signal });
  });
}

/** Stops a running container (the caller holds its lock). Events as Docker's: kill, kill 9 (after the timeout), die, stop. */
export async function stopNow(svc: ContainerService, rec: ContainerRecord, o: StopOptions): Promise<void> {
  const exited = svc.nextExit(rec.id);
  const timeout = o.timeout ?? (typeof rec.config.StopTimeout === 'number' ? rec.config.StopTimeout : DEFAULT_STOP_TIMEOUT);
  const signal = String(parseSignal(o.signal || rec.config.StopSignal || 'SIGTERM'));
  if (rec.state.status === 'paused') await svc.runtime(rec).resume(rec.id).catch(() => {});
  const killAll = async () => {
    svc.emit(rec, 'kill', { signal: '9' });
    await svc.runtime(rec).kill(rec.id, 'KILL', true);
    await Promise.race([exited, sleep(15_000)]);
  };
  if (timeout !== 0) {
    svc.emit(rec, 'kill', { signal });
    await svc.runtime(rec).kill(rec.id, signal);
    if (timeout < 0) await exited;
    else if (!(await Promise.race([exited.then(() => true), sleep(timeout * 1000).then(() => false)]))) await killAll();
  } else await killAll();
  svc.emit(rec, 'stop');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
