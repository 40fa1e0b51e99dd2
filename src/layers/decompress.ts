// Detects a layer's compression by its magic bytes (gzip, zstd, or none) and returns the uncompressed stream.
import { createGunzip } from 'node:zlib';
import * as zlib from 'node:zlib';
import { PassThrough, type Readable } from 'node:stream';
import { invalidTar } from '../errors.js';

const CHUNK = 256 << 10;

export type Compression = 'gzip' | 'zstd' | 'none';

export function detectCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  return 'none';
}

/** Reads the first bytes of `input`, then pipes the whole stream through the right decompressor. */
export async function decompress(input: Readable): Promise<{ stream: Readable; compression: Compression }> {
  const head = await firstChunk(input);
  const compression = detectCompression(head);
  let out: Readable;
  // Large output chunks: every chunk later costs a tar-parser step and a file write, so 16 KiB (zlib's default)
  // made a layer cost several thousand thread-pool round trips.
  if (compression === 'gzip') out = createGunzip({ chunkSize: CHUNK });
  else if (compression === 'zstd') {
    const make = (zlib as unknown as { createZstdDecompress?: (o?: object) => Readable }).createZstdDecompress;
    if (!make) throw invalidTar('zstd-compressed layers need Node 22.15 or later');
    out = make({ chunkSize: CHUNK });
  } else out = new PassThrough({ highWaterMark: CHUNK });
  const sink = out as unknown as NodeJS.WritableStream & Readable;
  input.on('error', (err) => out.destroy(err));
  if (head.length > 0) sink.write(head);
  input.pipe(sink);
  return { stream: out, compression };
}

function firstChunk(input: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const onReadable = () => {
      const chunk = input.read() as Buffer | null;
      if (chunk === null) return;
      cleanup();
      resolve(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.alloc(0));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      input.off('readable', onReadable);
      input.off('end', onEnd);
      input.off('error', onError);
    };
    input.on('readable', onReadable);
    input.once('end', onEnd);
    input.once('error', onError);
  });
}
