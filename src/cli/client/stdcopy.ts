// Docker's multiplexed stream framing (stdcopy): an 8-byte header [stream, 0, 0, 0, size as big-endian uint32]
// then `size` bytes. Streams: 0 stdin, 1 stdout, 2 stderr, 3 systemerr (an error from the daemon, in-band).
import type { Readable, Writable } from 'node:stream';

export interface Frame {
  stream: number;
  payload: Buffer;
}

/** Cuts a byte stream into frames; feed it chunks as they come. */
export class FrameDecoder {
  #buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    const frames: Frame[] = [];
    while (this.#buf.length >= 8) {
      const size = this.#buf.readUInt32BE(4);
      if (this.#buf.length < 8 + size) break;
      frames.push({ stream: this.#buf[0]!, payload: this.#buf.subarray(8, 8 + size) });
      this.#buf = this.#buf.subarray(8 + size);
    }
    return frames;
  }

  /** Bytes of an unfinished frame left at the end. */
  get pending(): number {
    return this.#buf.length;
  }
}

function write(out: Writable, data: Buffer): Promise<void> | undefined {
  if (out.write(data)) return undefined;
  return new Promise((resolve) => out.once('drain', resolve));
}

/** Copies a multiplexed stream to stdout/stderr until it ends; a systemerr frame rejects with its text. */
export async function demultiplex(source: Readable, stdout: Writable, stderr: Writable): Promise<void> {
  const decoder = new FrameDecoder();
  for await (const chunk of source) {
    for (const f of decoder.push(chunk as Buffer)) {
      if (f.stream === 3) throw new Error(f.payload.toString().trim());
      const wait = write(f.stream === 2 ? stderr : stdout, f.payload);
      if (wait) await wait;
    }
  }
}

/** Copies a raw (TTY) stream to stdout. */
export async function copyRaw(source: Readable, stdout: Writable): Promise<void> {
  for await (const chunk of source) {
    const wait = write(stdout, chunk as Buffer);
    if (wait) await wait;
  }
}
