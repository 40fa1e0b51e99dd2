// The restart manager: after each exit, the container's restart policy decides whether it starts again and after
// what delay (restart-policy.ts); meanwhile its status is `restarting`. `docker stop` (and a kill with the stop
// signal or SIGKILL) cancels it for that exit; a stop also marks the container manually stopped, which keeps an
// `unless-stopped` one down across daemon restarts. When the daemon starts, containers whose policy says so come
// back (restored()).
import type { ContainerService } from './container-service.js';
import type { ContainerRecord } from './container-record.js';
import { nextDelay, restartsWithDaemon, shouldRestart } from './restart-policy.js';
import { startContainer } from './start.js';

interface Pending {
  timer: NodeJS.Timeout;
}

export class RestartManager {
  readonly #pending = new Map<string, Pending>();
  readonly #lastDelay = new Map<string, number>();
  readonly #userStop = new Set<string>();
  #closed = false;
  /** Until restored(): exits seen while the daemon starts, restarted then (networking is not ready before). */
  #deferred: Set<string> | undefined = new Set();

  constructor(private readonly svc: ContainerService) {}

  /** The next exit of `rec` is the user's doing (stop, kill): no policy restart for it. */
  userStopping(rec: ContainerRecord, manual: boolean): void {
    this.#userStop.add(rec.id);
    if (manual) rec.hasBeenManuallyStopped = true;
  }

  /** A start by the user: the manual-stop mark goes. */
  userStarted(rec: ContainerRecord): void {
    rec.hasBeenManuallyStopped = false;
    this.#userStop.delete(rec.id);
  }

  /** Drops a pending restart (stop, rm during the backoff). True when there was one; the status is then `exited`. */
  cancel(rec: ContainerRecord): boolean {
    const p = this.#pending.get(rec.id);
    if (!p) return false;
    clearTimeout(p.timer);
    this.#pending.delete(rec.id);
    if (rec.state.status === 'restarting') rec.state.status = 'exited';
    return true;
  }

  /** Called once an exit is recorded and the runtime released. */
  async exited(rec: ContainerRecord): Promise<void> {
    const stoppedByUser = this.#userStop.delete(rec.id);
    if (this.#closed || !this.svc.records.has(rec.id) || rec.hostConfig.AutoRemove) return;
    if (!shouldRestart(rec.hostConfig.RestartPolicy, { exitCode: rec.state.exitCode, restartCount: rec.restartCount, stoppedByUser })) return;
    if (this.#deferred) return void this.#deferred.add(rec.id);
    const ranFor = Date.parse(rec.state.finishedAt) - Date.parse(rec.state.startedAt);
    const delay = nextDelay(this.#lastDelay.get(rec.id) ?? 0, Number.isFinite(ranFor) ? ranFor : 0);
    this.#lastDelay.set(rec.id, delay);
    rec.state.status = 'restarting';
    await this.svc.save(rec);
    const timer = setTimeout(() => void this.#restart(rec), delay);
    timer.unref();
    this.#pending.set(rec.id, { timer });
  }

  async #restart(rec: ContainerRecord): Promise<void> {
    this.#pending.delete(rec.id);
    if (this.#closed || !this.svc.records.has(rec.id) || rec.state.status !== 'restarting') return;
    rec.state.status = 'exited';
    rec.restartCount += 1;
    try {
      await startContainer(this.svc, rec.id, { byPolicy: true });
    } catch (err) {
      this.svc.log.warn('restart by policy failed', { container: rec.id, err });
      await this.svc.save(rec).catch(() => {});
    }
  }

  /** At daemon start, after the records are reconciled: the containers the policy brings back. */
  async restored(): Promise<void> {
    const deferred = this.#deferred ?? new Set<string>();
    this.#deferred = undefined;
    for (const rec of [...this.svc.records.values()]) {
      if (deferred.has(rec.id) && rec.state.status === 'exited') {
        rec.restartCount += 1;
        await startContainer(this.svc, rec.id, { byPolicy: true }).catch((err: unknown) => this.svc.log.warn('restart at daemon start failed', { container: rec.id, err }));
        continue;
      }
      if (rec.state.status !== 'exited' || this.#pending.has(rec.id)) continue;
      if (!restartsWithDaemon(rec.hostConfig.RestartPolicy, rec.hasBeenManuallyStopped === true, rec.state.exitCode)) continue;
      await startContainer(this.svc, rec.id, { byPolicy: true }).catch((err: unknown) => this.svc.log.warn('restart at daemon start failed', { container: rec.id, err }));
    }
  }

  close(): void {
    this.#closed = true;
    for (const p of this.#pending.values()) clearTimeout(p.timer);
    this.#pending.clear();
  }
}
