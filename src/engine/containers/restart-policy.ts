// Restart policies as Docker applies them (its restartmanager): whether an exit is followed by a start, and after
// how long. The delay starts at 100 ms and doubles with each restart (at most a minute), back to 100 ms once the
// container has run for 10 s. Pure.

export interface RestartPolicy {
  Name?: string;
  MaximumRetryCount?: number;
}

export const FIRST_DELAY_MS = 100;
export const MAX_DELAY_MS = 60_000;
export const RESET_AFTER_MS = 10_000;

export interface ExitFacts {
  exitCode: number;
  /** Restarts done by the policy so far (inspect's RestartCount). */
  restartCount: number;
  /** `docker stop` (or a kill with the stop signal) ended it: no restart now. */
  stoppedByUser: boolean;
}

export function shouldRestart(policy: RestartPolicy | undefined, f: ExitFacts): boolean {
  if (f.stoppedByUser) return false;
  switch (policy?.Name ?? 'no') {
    case 'always':
    case 'unless-stopped':
      return true;
    case 'on-failure': {
      const max = policy?.MaximumRetryCount ?? 0;
      return f.exitCode !== 0 && (max === 0 || f.restartCount < max);
    }
    default:
      return false;
  }
}

/** Whether the container comes back when the daemon starts (it was not running then). */
export function restartsWithDaemon(policy: RestartPolicy | undefined, manuallyStopped: boolean, exitCode: number): boolean {
  switch (policy?.Name ?? 'no') {
    case 'always':
      return true;
    case 'unless-stopped':
      return !manuallyStopped;
    case 'on-failure':
      return !manuallyStopped && exitCode !== 0;
    default:
      return false;
  }
}

/** The next delay, given the last one (0: none yet) and how long the container ran. */
export function nextDelay(lastMs: number, ranForMs: number): number {
  const last = ranForMs >= RESET_AFTER_MS ? 0 : lastMs;
  return last === 0 ? FIRST_DELAY_MS : Math.min(last * 2, MAX_DELAY_MS);
}
