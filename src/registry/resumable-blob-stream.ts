// A blob download that survives a dropped connection: when the response ends early or the socket fails, the
// stream asks again with `Range: bytes=<received>-` (a few times, with a short back-off) and carries on; a server
// that ignores the range is read from the start and the bytes already passed on are skipped. Backpressure is
// kept: the response is paused while the consumer is full.
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';

export interface ResumableBlobOptions {
  /** Opens the transfer at `offset` (0 the first time). */
  open: (offset: number) => Promise<IncomingMessage>;
  /** Expected total size, when known: an early end is then a dropped connection. */
  size: number | undefined;
  maxRetries?: number;
  onRetry?: (offset: number, err: Error) => void;
  /** Turns a non-2xx response into the error to fail with (not retried). */
  failure: (res: IncomingMessage) => Promise<Error>;
}

export class ResumableBlobStream extends Readable {
  #offset = 0;
  #attempt = 0;
  #res: IncomingMessage | undefined;
  #opening = false;

  constructor(readonly options: ResumableBlobOptions) {
    super({ highWaterMark: 1 << 20 });
  }

  get received(): number {
    return this.#offset;
  }

  override _read(): void {
    if (this.#res) this.#res.resume();
    else if (!this.#opening) void this.#open();
  }

  async #open(): Promise<void> {
    this.#opening = true;
    let res: IncomingMessage;
    try {
      res = await this.options.open(this.#offset);
    } catch (err) {
      this.#opening = false;
      this.#retryOrFail(err as Error);
      return;
    }
    this.#opening = false;
    if (this.destroyed) {
      res.destroy();
      return;
    }
    const status = res.statusCode ?? 0;
    let skip = 0;
    if (status === 200) skip = this.#offset;
    else if (status === 206) {
      const start = Number(/bytes (\d+)-/.exec(String(res.headers['content-range'] ?? ''))?.[1] ?? NaN);
      if (start !== this.#offset) {
        res.destroy();
        this.destroy(new Error(`registry resumed the blob at byte ${start}, not ${this.#offset}`));
        return;
      }
    } else {
      this.destroy(await this.options.failure(res));
      return;
    }
    this.#res = res;
    res.on('data', (chunk: Buffer) => {
      if (skip > 0) {
        if (chunk.length <= skip) {
          skip -= chunk.length;
          return;
        }
        chunk = chunk.subarray(skip);
        skip = 0;
      }
      this.#offset += chunk.length;
      if (!this.push(chunk)) res.pause();
    });
    let settled = false;
    const lost = (err: Error) => {
      if (settled) return;
      settled = true;
      this.#res = undefined;
      res.destroy();
      this.#retryOrFail(err);
    };
    res.once('error', lost);
    res.once('aborted', () => lost(new Error('connection lost')));
    res.once('end', () => {
      if (settled) return;
      if (!res.complete || (this.options.size !== undefined && this.#offset < this.options.size)) {
        lost(new Error(`unexpected EOF after ${this.#offset} bytes`));
        return;
      }
      settled = true;
      this.#res = undefined;
      this.push(null);
    });
    res.once('close', () => {
      if (!settled && !res.complete) lost(new Error('connection closed before the blob was complete'));
    });
  }

  #retryOrFail(err: Error): void {
    if (this.destroyed) return;
    const max = this.options.maxRetries ?? 5;
    if ((err as { name?: string }).name === 'AbortError' || this.#attempt >= max || (err as { code?: string }).code === 'ERR_REGISTRY_UNAUTHORIZED') {
      this.destroy(err);
      return;
    }
    this.#attempt++;
    this.options.onRetry?.(this.#offset, err);
    setTimeout(() => {
      if (!this.destroyed) void this.#open();
    }, 100 * this.#attempt).unref();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.#res?.destroy();
    this.#res = undefined;
    cb(err);
  }
}
