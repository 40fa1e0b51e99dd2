// `GET /events`: what the bus has seen since `since` (its replay window), then the live events until `until` or
// until the reader aborts. Filtered as Docker filters them.
import type { EngineEvent } from '../../events/event-bus.js';
import { checkEventFilters, eventJson, matchesEvent, type EventFilters } from '../../events/event-filter.js';
import { invalidArgument } from '../../errors.js';
import type { ContainerService } from './container-service.js';

export interface EventsOptions {
  filters: EventFilters;
  /** Unix seconds. */
  since?: number;
  until?: number;
  signal?: AbortSignal;
}

/** Validates at once (errors before the caller sends headers), then yields Docker's event objects. */
export function containerEvents(svc: ContainerService, o: EventsOptions): AsyncGenerator<Record<string, unknown>> {
  checkEventFilters(o.filters);
  if (o.since !== undefined && o.until !== undefined && o.until < o.since) {
    throw invalidArgument(`\`since\` time (${o.since}) cannot be after \`until\` time (${o.until})`);
  }
  return stream(svc, o);
}

async function* stream(svc: ContainerService, o: EventsOptions): AsyncGenerator<Record<string, unknown>> {
  const seconds = (e: EngineEvent) => e.timeNano / 1e9;
  const inWindow = (e: EngineEvent) => (o.since === undefined || seconds(e) >= o.since) && (o.until === undefined || seconds(e) <= o.until);
  const queue: EngineEvent[] = [];
  let wake: (() => void) | undefined;
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  if (o.since !== undefined) for (const e of svc.events.recent()) if (inWindow(e) && matchesEvent(e, o.filters)) queue.push(e);
  const left = o.until === undefined ? Infinity : o.until * 1000 - Date.now();
  // Subscribed in the same tick as the replay: no event falls between the two.
  const unsubscribe =
    left > 0
      ? svc.events.subscribe((e) => {
          if (inWindow(e) && matchesEvent(e, o.filters)) {
            queue.push(e);
            poke();
          }
        })
      : () => {};
  let done = left <= 0;
  const end = () => {
    done = true;
    poke();
  };
  const timer = Number.isFinite(left) && left > 0 ? setTimeout(end, left) : undefined;
  o.signal?.addEventListener('abort', end, { once: true });
  try {
    for (;;) {
      while (queue.length > 0) yield eventJson(queue.shift()!);
      if (done || o.signal?.aborted) return;
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    unsubscribe();
    if (timer) clearTimeout(timer);
    o.signal?.removeEventListener('abort', end);
  }
}
