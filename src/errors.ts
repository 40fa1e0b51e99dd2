// The one error class of Berth: a closed set of kinds (containerd's errdefs), stable codes (undici/fastify style)
// and Docker's wording in the messages. The API maps kind -> HTTP status in one table (api/middleware/errors.ts).

export type ErrorKind =
  | 'invalid-argument'
  | 'not-found'
  | 'already-exists'
  | 'conflict'
  | 'failed-precondition'
  | 'not-modified'
  | 'unauthorized'
  | 'permission-denied'
  | 'resource-exhausted'
  | 'unavailable'
  | 'not-implemented'
  | 'internal';

export class BerthError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  constructor(kind: ErrorKind, code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BerthError';
    this.kind = kind;
    this.code = code;
  }
}

/** Walks the cause chain (and AggregateError members) for the first BerthError. */
export function findBerthError(err: unknown): BerthError | undefined {
  const seen = new Set<unknown>();
  let cur: unknown = err;
  while (cur && typeof cur === 'object' && !seen.has(cur)) {
    seen.add(cur);
    if (cur instanceof BerthError) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isKind = (err: unknown, kind: ErrorKind): boolean => findBerthError(err)?.kind === kind;
export const isNotFound = (err: unknown): boolean => isKind(err, 'not-found');
export const isConflict = (err: unknown): boolean => isKind(err, 'conflict');
export const isInvalidArgument = (err: unknown): boolean => isKind(err, 'invalid-argument');
export const isNotModified = (err: unknown): boolean => isKind(err, 'not-modified');

/** The code of the first BerthError in the chain, or undefined. Tests assert on codes. */
export const errorCode = (err: unknown): string | undefined => findBerthError(err)?.code;

// ---- factories, Docker's wording -------------------------------------------------------------------------------

export const invalidArgument = (message: string, options?: ErrorOptions) =>
  new BerthError('invalid-argument', 'ERR_INVALID_ARGUMENT', message, options);
export const internal = (message: string, options?: ErrorOptions) =>
  new BerthError('internal', 'ERR_INTERNAL', message, options);
export const notImplemented = (what: string) =>
  new BerthError('not-implemented', 'ERR_NOT_IMPLEMENTED', `${what} is not implemented by berth yet`);

export const noSuchContainer = (ref: string) =>
  new BerthError('not-found', 'ERR_NO_SUCH_CONTAINER', `No such container: ${ref}`);
export const noSuchImage = (ref: string) =>
  new BerthError('not-found', 'ERR_NO_SUCH_IMAGE', `No such image: ${ref}`);
export const noSuchExec = (id: string) => new BerthError('not-found', 'ERR_NO_SUCH_EXEC', `No such exec instance: ${id}`);
export const execRunning = (id: string) => new BerthError('conflict', 'ERR_EXEC_RUNNING', `Error: Exec command ${id} is already running`);
export const execAlreadyRan = (id: string) => new BerthError('conflict', 'ERR_EXEC_RAN', `Error: Exec command ${id} has already run`);
/** exec, top, health probes: the container must be running (moby's errNotRunning & co.). */
export const notRunningFor = (id: string, status: string) =>
  status === 'paused'
    ? new BerthError('conflict', 'ERR_CONTAINER_PAUSED', `container ${id} is paused, unpause the container before exec`)
    : status === 'restarting'
      ? new BerthError('conflict', 'ERR_CONTAINER_RESTARTING', `container ${id} is restarting, wait until the container is running`)
      : new BerthError('conflict', 'ERR_CONTAINER_NOT_RUNNING', `container ${id} is not running`);
export const noSuchObject = (ref: string) =>
  new BerthError('not-found', 'ERR_NO_SUCH_OBJECT', `No such object: ${ref}`);
export const pageNotFound = () => new BerthError('not-found', 'ERR_PAGE_NOT_FOUND', 'page not found');

export const ambiguousReference = (ref: string, what: 'container' | 'image') =>
  new BerthError('invalid-argument', 'ERR_AMBIGUOUS_REFERENCE', `multiple IDs found with provided prefix: ${ref}`, {
    cause: what,
  });

export const nameInUse = (name: string, id: string) =>
  new BerthError(
    'conflict',
    'ERR_NAME_IN_USE',
    `Conflict. The container name "/${name}" is already in use by container "${id}". You have to remove (or rename) that container to be able to reuse that name.`,
  );
export const invalidContainerName = (name: string) =>
  new BerthError(
    'invalid-argument',
    'ERR_INVALID_CONTAINER_NAME',
    `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
  );
export const invalidReferenceFormat = (ref: string, detail?: string) =>
  new BerthError(
    'invalid-argument',
    'ERR_INVALID_REFERENCE',
    detail ? `invalid reference format: ${detail}` : `invalid reference format`,
    { cause: ref },
  );

export const containerRunning = (name: string) =>
  new BerthError(
    'conflict',
    'ERR_CONTAINER_RUNNING',
    `cannot remove container "/${name}": container is running: stop the container before removing or force remove`,
  );
export const containerNotRunning = (ref: string, id: string, verb = 'kill') =>
  new BerthError('conflict', 'ERR_CONTAINER_NOT_RUNNING', `Cannot ${verb} container: ${ref}: container ${id} is not running`);
export const notModified = (what: string) => new BerthError('not-modified', 'ERR_NOT_MODIFIED', what);
export const containerPaused = (id: string) =>
  new BerthError('conflict', 'ERR_CONTAINER_PAUSED', `container ${id} is paused, unpause the container before stopping or killing`);

export const digestMismatch = (expected: string, actual: string) =>
  new BerthError('invalid-argument', 'ERR_DIGEST_MISMATCH', `digest mismatch: expected ${expected}, got ${actual}`);
export const layerPathEscape = (path: string) =>
  new BerthError('invalid-argument', 'ERR_LAYER_PATH_ESCAPE', `invalid layer: path escapes the layer root: ${path}`);
export const invalidTar = (detail: string, options?: ErrorOptions) =>
  new BerthError('invalid-argument', 'ERR_INVALID_TAR', `invalid tar archive: ${detail}`, options);
// ---- registries (pull, push, login) ------------------------------------------------------------------------------

/**
 * The registry answered 401/403 (or would not hand out a token): docker's hint to log in. Not an HTTP 401 from
 * the daemon (moby answers pulls with 404 here): a 401 makes the docker CLI prompt for credentials.
 */
export const registryUnauthorized = (repo: string, detail: string, verb: 'pull' | 'push' = 'pull', options?: ErrorOptions) =>
  new BerthError(
    'not-found',
    'ERR_REGISTRY_UNAUTHORIZED',
    verb === 'pull'
      ? `pull access denied for ${repo}, repository does not exist or may require 'docker login': denied: ${detail}`
      : `unauthorized: ${detail}: authentication required, run 'docker login' for this registry`,
    options,
  );
/** Login failed: the registry refused the credentials. */
export const loginFailed = (server: string, detail: string) =>
  new BerthError('unauthorized', 'ERR_LOGIN_FAILED', `login attempt to ${server} failed with status: ${detail}`);
/** The registry could not be reached (DNS, refused, TLS, timeout): `Get "https://…/v2/": dial tcp: …`. */
export const registryUnreachable = (method: string, url: string, detail: string, options?: ErrorOptions) =>
  new BerthError('unavailable', 'ERR_REGISTRY_UNREACHABLE', `${method[0]}${method.slice(1).toLowerCase()} "${url}": ${detail}`, options);
/** The registry answered with an error we do not map to something more precise. */
export const registryError = (status: number, detail: string) =>
  new BerthError(status === 404 ? 'not-found' : 'unavailable', 'ERR_REGISTRY', detail);
export const manifestUnknown = (ref: string) =>
  new BerthError('not-found', 'ERR_MANIFEST_UNKNOWN', `manifest for ${ref} not found: manifest unknown: manifest unknown`);
export const noMatchingPlatform = (platform: string, available: string[]) =>
  new BerthError(
    'not-found',
    'ERR_NO_MATCHING_PLATFORM',
    `no matching manifest for ${platform} in the manifest list entries${available.length ? ` (available: ${available.join(', ')})` : ''}`,
  );
export const unsupportedManifest = (detail: string) => new BerthError('invalid-argument', 'ERR_UNSUPPORTED_MANIFEST', detail);
export const diskFull = (options?: ErrorOptions) =>
  new BerthError('resource-exhausted', 'ERR_DISK_FULL', 'no space left on device', options);

/** A failure plus a failure of the cleanup that followed it: both are kept (youki's CreateContainerError). */
export function withCleanupError(err: unknown, cleanupError: unknown): unknown {
  if (cleanupError === undefined) return err;
  if (err && typeof err === 'object') {
    (err as { cleanupError?: unknown }).cleanupError = cleanupError;
    return err;
  }
  return new AggregateError([err, cleanupError], 'operation failed and so did its cleanup');
}
