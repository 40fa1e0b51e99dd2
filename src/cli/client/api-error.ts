// Failures of a request to the daemon, with docker's wording when printed.

/** The daemon answered with an error status; `message` is its `{"message": …}`. */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }

  /** Docker's form: `Error response from daemon: <message>`. */
  override toString(): string {
    return `Error response from daemon: ${this.message}`;
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
