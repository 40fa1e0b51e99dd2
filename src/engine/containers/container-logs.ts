// `GET /containers/{id}/logs`: the container's k8s-file log as Docker's multiplexed frames, batched for the socket.
import { join } from 'node:path';
import { readLog, dockerTimestamp } from '../../logs/k8s-file.js';
import { frame, STDOUT, STDERR } from '../../logs/docker-frames.js';
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

/** Yields buffers of frames (up to ~64 KiB each; every record at once when following). */
export async function* containerLogs(svc: ContainerService, ref: string, o: ContainerLogsOptions): AsyncGenerator<Buffer> {
  const rec = svc.resolve(ref);
  const follow = o.follow && isActive(rec.state.status);
  const records = readLog(join(svc.paths.container(rec.id), 'ctr.log'), {
    stdout: o.stdout,
    stderr: o.stderr,
    tail: o.tail !== undefined && o.tail < 0 ? undefined : o.tail,
    since: o.since,
    until: o.until,
    follow,
    writerDone: follow ? svc.nextExit(rec.id) : undefined,
    signal: o.signal,
  });
  let pending: Buffer[] = [];
  let bytes = 0;
  for await (const r of records) {
    const text = o.timestamps ? `${dockerTimestamp(r.time)} ${r.text}` : r.text;
    const f = frame(r.stream === 'stdout' ? STDOUT : STDERR, Buffer.from(text));
    pending.push(f);
    bytes += f.length;
    if (bytes >= 64 * 1024 || follow) {
      yield Buffer.concat(pending);
      pending = [];
      bytes = 0;
    }
  }
  if (pending.length) yield Buffer.concat(pending);
}
