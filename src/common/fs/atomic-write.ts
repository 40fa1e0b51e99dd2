// Atomic file replacement: write a temp file beside the target, fsync it, rename over the target, fsync the dir.
// A crash leaves either the old or the new content, never half of one.
import { open, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface AtomicWriteOptions {
  mode?: number;
  /** Skip the fsyncs (for files that can be rebuilt, e.g. caches); the rename is still atomic. */
  durable?: boolean;
}

export async function atomicWrite(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const durable = options.durable ?? true;
  const fh = await open(tmp, 'w', options.mode ?? 0o644);
  try {
    await fh.writeFile(data);
    if (durable) await fh.sync();
  } catch (err) {
    await fh.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  if (durable) await fsyncDir(dir);
}

export async function atomicWriteJson(path: string, value: unknown, options?: AtomicWriteOptions): Promise<void> {
  await atomicWrite(path, JSON.stringify(value), options);
}

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
