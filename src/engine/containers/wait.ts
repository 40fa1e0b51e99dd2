// `POST /containers/{id}/wait`: until the container is not running, exits next, or is removed.
import { isActive } from '../../container/state.js';
import { invalidArgument } from '../../errors.js';
import type { ContainerService } from './container-service.js';

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';
export const WAIT_CONDITIONS: readonly WaitCondition[] = ['not-running', 'next-exit', 'removed'];

export interface WaitResult {
  StatusCode: number;
  Error: { Message: string } | null;
}

export function parseWaitCondition(raw: string | null): WaitCondition {
  const c = (raw || 'not-running') as WaitCondition;
  if (!WAIT_CONDITIONS.includes(c)) throw invalidArgument(`invalid condition: "${raw}"`);
  return c;
}

/**
 * Resolves the container now (404 before the caller sends headers) and returns the wait: the exit code at the
 * condition. An aborted wait lets go of its waiter.
 */
export function waitContainer(svc: ContainerService, ref: string, condition: WaitCondition, signal?: AbortSignal): Promise<WaitResult> {
  const rec = svc.resolve(ref);
  const result = (): WaitResult => ({ StatusCode: rec.state.exitCode, Error: rec.state.error ? { Message: rec.state.error } : null });
  if (condition === 'removed') return svc.removed(rec.id, signal).then((code) => ({ StatusCode: code, Error: null }));
  if (condition === 'not-running' && !isActive(rec.state.status)) return Promise.resolve(result());
  return svc.nextExit(rec.id, signal).then(result);
}
