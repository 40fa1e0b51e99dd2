// The durable record of a container (config.v2.json in its directory), in Docker's vocabulary.
import type { MountPoint } from './container-mounts.js';
import type { ContainerStatus } from '../../container/state.js';
import type { HealthState } from '../../container/health.js';

/** Docker's `Config` as a client sends it to /containers/create (the fields berth uses are typed). */
export interface DockerContainerConfig {
  Hostname?: string;
  Domainname?: string;
  User?: string;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  Tty?: boolean;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  Env?: string[] | null;
  Cmd?: string[] | string | null;
  Image?: string;
  Volumes?: Record<string, object> | null;
  WorkingDir?: string;
  Entrypoint?: string[] | string | null;
  Labels?: Record<string, string> | null;
  StopSignal?: string;
  StopTimeout?: number | null;
  ExposedPorts?: Record<string, object> | null;
  [key: string]: unknown;
}

export interface DockerHostConfig {
  NetworkMode?: string;
  AutoRemove?: boolean;
  RestartPolicy?: { Name?: string; MaximumRetryCount?: number };
  Binds?: string[] | null;
  [key: string]: unknown;
}

export interface ContainerState {
  status: ContainerStatus;
  pid: number;
  exitCode: number;
  error: string;
  oomKilled: boolean;
  startedAt: string;
  finishedAt: string;
  /** Set while a health check is configured (reset to `starting` at each start). */
  health?: HealthState;
}

export interface ContainerRecord {
  id: string;
  name: string;
  created: string;
  path: string;
  args: string[];
  config: DockerContainerConfig;
  hostConfig: DockerHostConfig;
  imageId: string;
  state: ContainerState;
  restartCount: number;
  /** Volumes, binds and tmpfs mounts, resolved at create. */
  mounts?: MountPoint[];
  /** Stopped by `docker stop`: an `unless-stopped` policy leaves it down, even across daemon restarts. */
  hasBeenManuallyStopped?: boolean;
  /** conmon's attach socket is only worth connecting to when stdin or a client wants it. */
}

export const ZERO_TIME = '0001-01-01T00:00:00Z';

export function initialState(): ContainerState {
  return { status: 'created', pid: 0, exitCode: 0, error: '', oomKilled: false, startedAt: ZERO_TIME, finishedAt: ZERO_TIME };
}
