// Worker-thread entry: applies layers sent by applyLayerThreaded (apply-layer-threaded.ts). The tar bytes arrive as
// messages and are acknowledged once the layer's stream has taken them, so the sender keeps a bounded amount in
// flight. Decompression, both digests, tar parsing and the file writes then run off the daemon's event loop.
import { parentPort } from 'node:worker_threads';
import { Readable } from 'node:stream';
import { applyLayer } from './apply-layer.js';
import type { IdMap } from '../common/id-map.js';
import type { ToWorker, FromWorker, SerializedError } from './apply-layer-protocol.js';

interface Job {
  input: Readable;
  abort: AbortController;
  /** Bytes taken by `input` but not yet acknowledged. */
  unacked: number;
}

const port = parentPort!;
const jobs = new Map<number, Job>();
const send = (m: FromWorker) => port.postMessage(m);

function start(id: number, root: string, idMap: IdMap | undefined): void {
  const job: Job = {
    abort: new AbortController(),
    unacked: 0,
    input: new Readable({
      highWaterMark: 4 << 20,
      read() {
        // the stream wants more: what it holds is taken
        if (job.unacked > 0) {
          send({ t: 'ack', id, bytes: job.unacked });
          job.unacked = 0;
        }
      },
    }),
  };
  jobs.set(id, job);
  applyLayer(root, job.input, { signal: job.abort.signal, idMap }).then(
    (result) => send({ t: 'done', id, result }),
    (err: unknown) => send({ t: 'error', id, error: serialize(err) }),
  ).finally(() => jobs.delete(id));
}

function serialize(err: unknown): SerializedError {
  const e = err as Error & { kind?: string; code?: string; syscall?: string; errno?: number; path?: string };
  return { name: e?.name ?? 'Error', message: e?.message ?? String(err), kind: e?.kind, code: e?.code, syscall: e?.syscall, errno: e?.errno, path: e?.path };
}

port.on('message', (m: ToWorker) => {
  if (m.t === 'start') return start(m.id, m.root, m.idMap);
  const job = jobs.get(m.id);
  if (!job) return;
  if (m.t === 'data') {
    const chunk = Buffer.from(m.chunk.buffer, m.chunk.byteOffset, m.chunk.byteLength);
    if (job.input.push(chunk)) send({ t: 'ack', id: m.id, bytes: chunk.length });
    else job.unacked += chunk.length;
  } else if (m.t === 'end') job.input.push(null);
  else if (m.t === 'abort') {
    job.abort.abort();
    job.input.destroy(Object.assign(new Error('layer apply cancelled'), { name: 'AbortError' }));
  }
});
