// The container state machine (Docker's statuses) and what each state allows.
export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
export const STATUSES: readonly ContainerStatus[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

export const canStart = (s: ContainerStatus) => s === 'created' || s === 'exited';
export const canStop = (s: ContainerStatus) => s === 'running' || s === 'restarting';
export const canKill = (s: ContainerStatus) => s === 'running' || s === 'restarting';
/** Without force: only containers that are not running. */
export const canRemove = (s: ContainerStatus) => s === 'created' || s === 'exited' || s === 'dead';
export const canAttach = (s: ContainerStatus) => s !== 'removing' && s !== 'dead';
export const isActive = (s: ContainerStatus) => s === 'running' || s === 'paused' || s === 'restarting';
