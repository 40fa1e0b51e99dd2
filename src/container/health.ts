// Docker's container health checks, the pure part: the effective check (container's over image's, field by field,
// and Docker's defaults), the probe command, and how a probe result moves the health state
// (starting -> healthy / unhealthy, failing streak, the last five log entries).
export interface Healthcheck {
  /** `["NONE"]`, `["CMD", arg...]`, `["CMD-SHELL", command]`; empty: inherit. */
  Test?: string[] | null;
  /** Nanoseconds; 0: inherit / default. */
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

export interface HealthLogEntry {
  Start: string;
  End: string;
  ExitCode: number;
  Output: string;
}

export interface HealthState {
  status: HealthStatus;
  failingStreak: number;
  log: HealthLogEntry[];
}

const SECOND = 1e9;
export const DEFAULT_INTERVAL = 30 * SECOND;
export const DEFAULT_TIMEOUT = 30 * SECOND;
export const DEFAULT_START_INTERVAL = 5 * SECOND;
export const DEFAULT_RETRIES = 3;
export const MAX_LOG_ENTRIES = 5;
export const MAX_OUTPUT = 4096;

/** The container's check merged over the image's (Docker's merge: each unset field comes from the image). */
export function mergeHealthcheck(container: Healthcheck | null | undefined, image: Healthcheck | null | undefined): Healthcheck | undefined {
  if (!container && !image) return undefined;
  if (!image) return container ?? undefined;
  if (!container) return { ...image };
  return {
    Test: container.Test && container.Test.length ? container.Test : image.Test,
    Interval: container.Interval || image.Interval,
    Timeout: container.Timeout || image.Timeout,
    StartPeriod: container.StartPeriod || image.StartPeriod,
    StartInterval: container.StartInterval || image.StartInterval,
    Retries: container.Retries || image.Retries,
  };
}

/** Docker's create-time checks of a Healthcheck; the message, or undefined when valid. */
export function healthcheckError(h: Healthcheck | undefined): string | undefined {
  if (!h) return undefined;
  const min = 1e6; // 1ms
  for (const [name, v] of [['Interval', h.Interval], ['Timeout', h.Timeout], ['StartPeriod', h.StartPeriod], ['StartInterval', h.StartInterval]] as const) {
    if (v !== undefined && v !== 0 && v < min) return `${name} in Healthcheck cannot be less than 1ms`;
  }
  if (h.Retries !== undefined && h.Retries < 0) return 'Retries in Healthcheck cannot be negative';
  return undefined;
}

/** The command a probe runs, or undefined when there is no check (none configured, or `NONE`). */
export function probeCommand(h: Healthcheck | undefined): string[] | undefined {
  const test = h?.Test ?? [];
  switch (test[0]) {
    case 'CMD':
      return test.length > 1 ? test.slice(1) : undefined;
    case 'CMD-SHELL':
      return test.length > 1 ? ['/bin/sh', '-c', test.slice(1).join(' ')] : undefined;
    default:
      return undefined;
  }
}

/** Timings in milliseconds with Docker's defaults. */
export function probeTimings(h: Healthcheck): { interval: number; timeout: number; startPeriod: number; startInterval: number; retries: number } {
  const ms = (ns: number | undefined, dflt: number) => (ns && ns > 0 ? ns : dflt) / 1e6;
  return {
    interval: ms(h.Interval, DEFAULT_INTERVAL),
    timeout: ms(h.Timeout, DEFAULT_TIMEOUT),
    startPeriod: ms(h.StartPeriod, 0),
    startInterval: ms(h.StartInterval, DEFAULT_START_INTERVAL),
    retries: h.Retries && h.Retries > 0 ? h.Retries : DEFAULT_RETRIES,
  };
}

/**
 * The state after a probe. A success makes the container healthy and resets the streak; a failure counts
 * toward `retries` unless it falls in the start period while the container has not been healthy yet (Docker's
 * rule), and the streak reaching `retries` makes it unhealthy. Every probe is logged.
 */
export function applyProbe(state: HealthState, entry: HealthLogEntry, o: { retries: number; inStartPeriod: boolean }): HealthState {
  const log = [...state.log, { ...entry, Output: entry.Output.slice(0, MAX_OUTPUT) }].slice(-MAX_LOG_ENTRIES);
  if (entry.ExitCode === 0) return { status: 'healthy', failingStreak: 0, log };
  if (o.inStartPeriod && state.status === 'starting') return { ...state, log };
  const failingStreak = state.failingStreak + 1;
  return { status: failingStreak >= o.retries ? 'unhealthy' : state.status, failingStreak, log };
}

/** `docker ps`'s suffix for a running container's status. */
export function healthSuffix(h: HealthState | undefined): string {
  if (!h) return '';
  return h.status === 'starting' ? ' (health: starting)' : ` (${h.status})`;
}
