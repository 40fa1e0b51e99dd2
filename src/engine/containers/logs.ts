// `GET /containers/{id}/logs`: the container's k8s-file log as Docker's multiplexed frames (raw with a TTY),
// built straight from the log's bytes in batches for the socket.
import { join } from 'node:path';
import { readLogFrames } from '../../logs/k8s-file.js';
import { isActive } from '../../container/state.js';
import type { ContainerService } from './container-service.js';

export interface ContainerLogsOptions {
  stdout: boolean;
  stderr: boolean;
  tail?: number;
  since?: number;
  until?: number;
  follow: boolean;
  timestamps: boolean;
  signal?: AbortSignal;
}

/** Resolves the container at once (so a 404 comes before the first byte), then yields buffers of frames. */
export function containerLogs(svc: ContainerService, ref: string, o: ContainerLogsOptions): AsyncGenerator<Buffer> {
  const rec = svc.resolve(ref);
  const follow = o.follow && isActive(rec.state.status);
  return readLogFrames(join(svc.paths.container(rec.id), 'ctr.log'), {
    stdout: o.stdout,
    stderr: o.stderr,
    tail: o.tail !== undefined && o.tail < 0 ? undefined : o.tail,
    since: o.since,
    until: o.until,
    follow,
    writerDone: follow ? svc.nextExit(rec.id) : undefined,
    signal: o.signal,
    timestamps: o.timestamps,
    raw: rec.config.Tty === true,
  });
}
