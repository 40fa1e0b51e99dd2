// applyLayer on a worker thread: the daemon's event loop only forwards the layer's bytes (copied, as the caller may
// share them with another consumer, the blob store) while a worker decompresses, hashes and writes the files.
// Measured on a pull of 5 × 20 MB layers: the event loop was busy nearly all of the pull with hashing, zlib's
// callbacks, file writes and their garbage, so layers unpacked "in parallel" queued on one thread. Workers are
// kept (unreferenced) for the next layer; one runs one layer at a time.
import { Worker } from 'node:worker_threads';
import type { Readable } from 'node:stream';
import { BerthError, type ErrorKind } from '../errors.js';
import type { IdMap } from '../common/id-map.js';
import type { ApplyResult } from './apply-layer.js';
import type { FromWorker, SerializedError, ToWorker } from './apply-layer-protocol.js';

/** Bytes sent and not yet taken by the worker's stream before the source is paused. */
const IN_FLIGHT = 8 << 20;
/**
 * The source's chunks (16–64 KiB off a socket) go to the worker gathered into messages of this size, in a buffer of
 * their own that is transferred, not cloned: per-chunk messages cost the event loop ~60 ms on a 100 MB pull here.
 */
const BATCH = 1 << 20;
const MAX_IDLE = 4;

/** The worker module next to this one: the bundled daemon's (.mjs) or the compiled tree's (.js, tests). */
const WORKER_URL = new URL(import.meta.url.endsWith('.mjs') ? './apply-layer-worker.mjs' : './apply-layer-worker.js', import.meta.url);

const idle: Worker[] = [];
let nextId = 1;

function takeWorker(): Worker {
  const w = idle.pop();
  if (w) return w;
  const worker = new Worker(WORKER_URL);
  worker.unref();
  return worker;
}

function giveBack(w: Worker): void {
  if (idle.length < MAX_IDLE) idle.push(w);
  else void w.terminate();
}

export interface ThreadedApplyOptions {
  signal?: AbortSignal;
  onRead?: (bytes: number) => void;
  idMap?: IdMap;
}

export function applyLayerThreaded(root: string, input: Readable, o: ThreadedApplyOptions = {}): Promise<ApplyResult> {
  const worker = takeWorker();
  const id = nextId++;
  const post = (m: ToWorker) => worker.postMessage(m);
  return new Promise<ApplyResult>((resolve, reject) => {
    let inFlight = 0;
    let settled = false;
    const finish = (err: Error | undefined, result?: ApplyResult) => {
      if (settled) return;
      settled = true;
      worker.off('message', onMessage);
      worker.off('error', onCrash);
      worker.off('exit', onExit);
      o.signal?.removeEventListener('abort', onAbort);
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onInputError);
      if (err) {
        input.destroy();
        // a worker that crashed is not reused; one that reported the layer's error is fine
        if (!crashed) giveBack(worker);
        reject(err);
      } else {
        giveBack(worker);
        resolve(result!);
      }
    };
    let crashed = false;
    /** Set when the apply is being stopped: the worker's report of the stop is awaited (it may still be writing into `root`), then this is the error. */
    let stopping: Error | undefined;
    const onMessage = (m: FromWorker) => {
      if (m.id !== id) return;
      if (m.t === 'ack') {
        inFlight -= m.bytes;
        if (inFlight < IN_FLIGHT && input.isPaused()) input.resume();
      } else if (m.t === 'done') finish(stopping, m.result);
      else finish(stopping ?? deserialize(m.error));
    };
    const stop = (err: Error) => {
      if (stopping || settled) return;
      stopping = err;
      input.off('data', onData);
      post({ t: 'abort', id });
    };
    const onCrash = (err: Error) => {
      crashed = true;
      finish(err);
    };
    const onExit = (code: number) => {
      crashed = true;
      finish(new Error(`the layer worker exited (${code})`));
    };
    let batch: Buffer[] = [];
    let batched = 0;
    const send = () => {
      if (batched === 0) return;
      const chunk = Buffer.allocUnsafeSlow(batched); // its own ArrayBuffer (never the shared pool's): transferable
      let at = 0;
      for (const b of batch) at += b.copy(chunk, at);
      batch = [];
      batched = 0;
      worker.postMessage({ t: 'data', id, chunk } satisfies ToWorker, [chunk.buffer]);
    };
    const onData = (chunk: Buffer) => {
      o.onRead?.(chunk.length);
      inFlight += chunk.length;
      batch.push(chunk);
      batched += chunk.length;
      if (batched >= BATCH) send();
      if (inFlight >= IN_FLIGHT) {
        send(); // what is held back counts as in flight: the acks that resume the source must be able to come
        input.pause();
      }
    };
    const onEnd = () => {
      send();
      post({ t: 'end', id });
    };
    const onInputError = (err: Error) => stop(err);
    const onAbort = () => stop(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' }));
    worker.on('message', onMessage);
    worker.once('error', onCrash);
    worker.once('exit', onExit);
    post({ t: 'start', id, root, idMap: o.idMap });
    if (o.signal?.aborted) return onAbort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', onInputError);
  });
}

function deserialize(e: SerializedError): Error {
  if (e.kind && e.code) return new BerthError(e.kind as ErrorKind, e.code, e.message);
  return Object.assign(new Error(e.message), { name: e.name, code: e.code, syscall: e.syscall, errno: e.errno, path: e.path });
}
