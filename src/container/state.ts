// The container state machine (Docker's statuses): the transitions an event may make, and what each state allows.
// Pure; the engine asks it before acting and records the state it returns.
export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
export const STATUSES: readonly ContainerStatus[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

/** What happens to a container. `exit` is the process ending (any cause); `restart` is a policy restart pending. */
export type ContainerEvent = 'start' | 'exit' | 'pause' | 'unpause' | 'restart' | 'remove' | 'fail';
export const EVENTS: readonly ContainerEvent[] = ['start', 'exit', 'pause', 'unpause', 'restart', 'remove', 'fail'];

const TRANSITIONS: Record<ContainerStatus, Partial<Record<ContainerEvent, ContainerStatus>>> = {
  created: { start: 'running', remove: 'removing', fail: 'dead' },
  running: { exit: 'exited', pause: 'paused', fail: 'dead' },
  // A paused container can still die (SIGKILL through the frozen cgroup, OOM).
  paused: { unpause: 'running', exit: 'exited', fail: 'dead' },
  restarting: { start: 'running', exit: 'exited', remove: 'removing', fail: 'dead' },
  exited: { start: 'running', restart: 'restarting', remove: 'removing', fail: 'dead' },
  removing: { fail: 'dead' },
  dead: { remove: 'removing' },
};

/** The status after `event`, or undefined when the event is not allowed in `status`. */
export function nextStatus(status: ContainerStatus, event: ContainerEvent): ContainerStatus | undefined {
  return TRANSITIONS[status][event];
}

export class InvalidTransitionError extends Error {
  readonly code = 'ERR_CONTAINER_STATE';
  constructor(
    readonly status: ContainerStatus,
    readonly event: ContainerEvent,
  ) {
    super(`cannot ${event} a container that is ${status}`);
  }
}

/** Like nextStatus, but throws when the event is not allowed. */
export function transition(status: ContainerStatus, event: ContainerEvent): ContainerStatus {
  const next = nextStatus(status, event);
  if (!next) throw new InvalidTransitionError(status, event);
  return next;
}

export const canStart = (s: ContainerStatus) => s === 'created' || s === 'exited';
export const canStop = (s: ContainerStatus) => s === 'running' || s === 'restarting';
export const canKill = (s: ContainerStatus) => s === 'running' || s === 'restarting';
export const canPause = (s: ContainerStatus) => s === 'running';
export const canUnpause = (s: ContainerStatus) => s === 'paused';
/** Without force: only containers that are not running. */
export const canRemove = (s: ContainerStatus) => s === 'created' || s === 'exited' || s === 'dead';
export const canAttach = (s: ContainerStatus) => s !== 'removing' && s !== 'dead';
/** Has (or is about to have) a process: running, paused or restarting. */
export const isActive = (s: ContainerStatus) => s === 'running' || s === 'paused' || s === 'restarting';
