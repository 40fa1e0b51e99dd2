// STUB — to be replaced by the container service (create/start/attach/wait/logs/stop/kill/rm/..., conmon + runc).
import type { DaemonConfig, Paths } from '../../config/config.js';
import type { Logger } from '../../log.js';
import type { ContainerCounts, ImageProvider, ImageUsers } from '../backend.js';

export interface ContainerServiceOptions {
  config: DaemonConfig;
  paths: Paths;
  log: Logger;
  images: ImageProvider;
}

export class ContainerService implements ImageUsers {
  constructor(readonly options: ContainerServiceOptions) {}
  /** Loads records and re-adopts containers that kept running (or exited) while berthd was down. */
  async init(): Promise<void> {}
  /** Daemon shutdown: stop watching; containers keep running under conmon. */
  async shutdown(): Promise<void> {}
  containersUsingImage(_imageId: string): Array<{ id: string; running: boolean }> {
    return [];
  }
  counts(): ContainerCounts {
    return { containers: 0, running: 0, paused: 0, stopped: 0 };
  }
}
