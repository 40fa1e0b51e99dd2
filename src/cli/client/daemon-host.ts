// Which daemon the CLI talks to: -H/--host, then BERTH_HOST, then DOCKER_HOST, then the default socket.
import { ExitCodeError, UsageError } from '../exit-code-error.js';

export const DEFAULT_HOST = 'unix:///run/berth/berth.sock';

export interface DaemonHost {
  /** As the user wrote it (shown in "Cannot connect" messages). */
  url: string;
  socketPath: string;
}

export function resolveDaemonHost(flagHosts: string[], env: NodeJS.ProcessEnv): DaemonHost {
  if (flagHosts.length > 1) throw new UsageError('Specify only one -H');
  const url = flagHosts[0] || env.BERTH_HOST || env.DOCKER_HOST || DEFAULT_HOST;
  if (url.startsWith('unix://')) return { url, socketPath: url.slice('unix://'.length) };
  if (url.startsWith('/')) return { url: `unix://${url}`, socketPath: url };
  // docker: "Failed to initialize: unable to resolve docker endpoint: invalid bind address format: foo://x", exit 1.
  throw new ExitCodeError(
    1,
    `Failed to initialize: unable to resolve berth endpoint: unsupported host ${JSON.stringify(url)}: berth speaks to its daemon over a unix socket only (unix:///path)`,
  );
}
