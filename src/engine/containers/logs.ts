// `GET /containers/{id}/logs`: the container's k8s-file log as Docker's multiplexed frames (raw with a TTY),
// built straight from the log's bytes in batches for the socket.
import { join } from 'node:path';
import { readLogFrames } from '../../logs/k8s-file.js';
import { isActive } from '../../container/state.js';
import type { ContainerService } from './container-service.js';
import type { ContainerRecord } from './container-record.js';
import { detailsPrefix, logAttributes } from '../../logs/log-attributes.js';
import { BerthError } from '../../errors.js';

export interface ContainerLogsOptions {
  stdout: boolean;
  stderr: boolean;
  tail?: number;
  since?: number;
  until?: number;
  follow: boolean;
  timestamps: boolean;
  /** Prefix each line with the extra attributes of the log (`--details`). */
  details?: boolean;
  /**
   * Several lines of one stream per frame when not following. Only for clients that demultiplex the stream as a
   * byte stream (the docker CLI, berth): others (docker-py's `logs(stream=True)`) hand out one frame per item, and
   * their users expect a line each, as dockerd sends them.
   */
  coalesce?: boolean;
  signal?: AbortSignal;
}

/** Resolves the container at once (so a 404 comes before the first byte), then yields buffers of frames. */
export function containerLogs(svc: ContainerService, ref: string, o: ContainerLogsOptions): AsyncGenerator<Buffer> {
  const rec = svc.resolve(ref);
  const lc = (rec.hostConfig.LogConfig ?? {}) as { Type?: string; Config?: Record<string, string> | null };
  if (lc.Type === 'none') throw new BerthError('not-implemented', 'ERR_LOGS_NOT_READABLE', 'configured logging driver does not support reading');
  const prefix = o.details ? Buffer.from(detailsPrefix(detailsAttributes(rec, lc.Config ?? {}))) : undefined;
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
    prefix,
    coalesce: o.coalesce === true && !follow,
  });
}

function detailsAttributes(rec: ContainerRecord, opts: Record<string, string>): Record<string, string> {
  try {
    return logAttributes({ opts, labels: rec.config.Labels ?? {}, env: rec.config.Env ?? [], id: rec.id, name: rec.name, imageName: String(rec.config.Image ?? ''), imageId: rec.imageId });
  } catch {
    return {}; // a labels-regex/env-regex that is not a valid pattern here
  }
}
