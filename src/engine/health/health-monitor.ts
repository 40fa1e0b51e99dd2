// Runs each running container's health check: a probe (an exec of the check's command, killed at the timeout)
// every interval (the start interval during the start period), the result applied to `.State.Health`
// (container/health.ts), saved, and a `health_status: <status>` event when the status changes. Starts with
// the container's `start` event, stops at `die`/`destroy`; containers found running at init are resumed.
import { applyProbe, probeCommand, probeTimings, type Healthcheck } from '../../container/health.js';
import type { ContainerService } from '../containers/container-service.js';
import type { ExecService } from '../exec/exec-service.js';

interface Watch {
  timer: NodeJS.Timeout | undefined;
  stopped: boolean;
  /** The start this watch belongs to: a probe finishing after a restart must not touch the new run's state. */
  startedAt: string;
}

export class HealthMonitor {
  readonly #watches = new Map<string, Watch>();

  constructor(
    readonly svc: ContainerService,
    readonly execs: ExecService,
  ) {
    svc.events.subscribe((e) => {
      if (e.Type !== 'container') return;
      if (e.Action === 'start') this.watch(e.Actor.ID, true);
      else if (e.Action === 'die' || e.Action === 'destroy') this.unwatch(e.Actor.ID);
    });
    for (const rec of svc.records.values()) if (rec.state.status === 'running') this.watch(rec.id, false);
  }

  watch(id: string, fresh: boolean): void {
    this.unwatch(id);
    const rec = this.svc.records.get(id);
    if (!rec) return;
    const check = rec.config.Healthcheck as Healthcheck | undefined;
    if (!probeCommand(check)) {
      delete rec.state.health;
      return;
    }
    if (fresh || !rec.state.health) rec.state.health = { status: 'starting', failingStreak: 0, log: [] };
    const w: Watch = { timer: undefined, stopped: false, startedAt: rec.state.startedAt };
    this.#watches.set(id, w);
    this.#schedule(id, w, check!);
  }

  unwatch(id: string): void {
    const w = this.#watches.get(id);
    if (!w) return;
    w.stopped = true;
    clearTimeout(w.timer);
    this.#watches.delete(id);
  }

  stopAll(): void {
    for (const id of [...this.#watches.keys()]) this.unwatch(id);
  }

  #schedule(id: string, w: Watch, check: Healthcheck): void {
    const rec = this.svc.records.get(id);
    if (!rec || w.stopped) return;
    const t = probeTimings(check);
    const inStartPeriod = Date.now() - Date.parse(rec.state.startedAt) < t.startPeriod;
    const delay = inStartPeriod && rec.state.health?.status === 'starting' && check.StartInterval ? t.startInterval : t.interval;
    w.timer = setTimeout(() => void this.#probe(id, w, check), delay);
    w.timer.unref();
  }

  async #probe(id: string, w: Watch, check: Healthcheck): Promise<void> {
    const rec = this.svc.records.get(id);
    if (!rec || w.stopped || rec.state.status !== 'running') return;
    const t = probeTimings(check);
    const start = new Date();
    const inStartPeriod = start.getTime() - Date.parse(rec.state.startedAt) < t.startPeriod;
    let exitCode: number;
    let output: string;
    try {
      const r = await this.execs.runCaptured(id, probeCommand(check)!, t.timeout);
      exitCode = r.timedOut ? -1 : r.exitCode;
      output = r.timedOut ? `Health check exceeded timeout (${formatSeconds(t.timeout)})` : r.output;
    } catch (err) {
      if (w.stopped || rec.state.status !== 'running') return;
      exitCode = -1;
      output = err instanceof Error ? err.message : String(err);
    }
    if (w.stopped || rec.state.startedAt !== w.startedAt || !rec.state.health) return;
    const before = rec.state.health.status;
    rec.state.health = applyProbe(rec.state.health, { Start: start.toISOString(), End: new Date().toISOString(), ExitCode: exitCode, Output: output }, { retries: t.retries, inStartPeriod });
    await this.svc.save(rec).catch((err: unknown) => this.svc.log.warn('saving the health state failed', { container: id, err }));
    if (rec.state.health.status !== before) this.svc.emit(rec, `health_status: ${rec.state.health.status}`);
    this.#schedule(id, w, check);
  }
}

/** Go's duration text for whole and fractional seconds (`30s`, `1.5s`, `500ms`). */
function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`;
}
