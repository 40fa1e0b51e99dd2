// The only kind -> HTTP status table (moby's httpstatus). Unknown errors become 500 and are logged with a stack.
import { findBerthError, type ErrorKind } from '../../errors.js';

const STATUS: Record<ErrorKind, number> = {
  'invalid-argument': 400,
  'not-found': 404,
  'already-exists': 409,
  conflict: 409,
  'failed-precondition': 412,
  'not-modified': 304,
  unauthorized: 401,
  'permission-denied': 403,
  'resource-exhausted': 507,
  unavailable: 503,
  'not-implemented': 501,
  internal: 500,
};

export interface ErrorResponse {
  status: number;
  message: string;
  /** True when the error is not one of ours: log it with its stack. */
  unexpected: boolean;
}

export function errorResponse(err: unknown): ErrorResponse {
  const be = findBerthError(err);
  if (be) return { status: STATUS[be.kind], message: be.message, unexpected: be.kind === 'internal' };
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC') return { status: 507, message: 'no space left on device', unexpected: false };
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, message, unexpected: true };
}
