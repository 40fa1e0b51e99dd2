// Failures of a request to the daemon, with docker's wording when printed.

/** The daemon answered with an error status; `message` is its `{"message": …}`. */
export class ApiError extends Error {
  readonly status: number;
  /** A transport-level failure (a cut-off answer): printed bare, as Go's io.EOF is. */
  readonly bare: boolean;
  constructor(status: number, message: string, bare = false) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.bare = bare;
  }

  /** Docker's form: `Error response from daemon: <message>`. */
  override toString(): string {
    return this.bare ? this.message : `Error response from daemon: ${this.message}`;
  }
}

/** The socket is absent, refuses connections or is not ours to open. */
export class DaemonUnreachableError extends Error {
  constructor(hostUrl: string, cause: NodeJS.ErrnoException) {
    const msg =
      cause.code === 'EACCES'
        ? `permission denied while trying to connect to the Berth daemon socket at ${hostUrl}: ${cause.message}`
        : `Cannot connect to the Berth daemon at ${hostUrl}. Is the berth daemon running? (start it with: berthd &, or run ./setup)`;
    super(msg, { cause });
    this.name = 'DaemonUnreachableError';
  }
}

const UNREACHABLE = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'ENOTSOCK', 'ECONNRESET', 'EPIPE']);

export function isConnectError(err: unknown): err is NodeJS.ErrnoException {
  return !!err && typeof err === 'object' && UNREACHABLE.has((err as NodeJS.ErrnoException).code ?? '');
}
