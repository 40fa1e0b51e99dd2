// Content-addressed blob store: content/blobs/sha256/<hex>. Writers stream into content/ingest/ while hashing;
// a blob is renamed into place only after its digest (and size, when known) matched. Never half a blob.
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream, type WriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { digestMismatch, internal } from '../errors.js';
import { digestHex, isDigest, type Digest } from '../common/digest.js';
import { atomicWrite, fsyncDir } from '../common/fs/atomic-write.js';

const WRITE_BATCH = 1 << 20;

export interface ContentStoreOptions {
  blobsDir: string;
  ingestDir: string;
}

/** A blob being written: write to `stream`, then `commit()` (verifies) or `abort()`. */
export class BlobWriter {
  readonly #hash: Hash = createHash('sha256');
  readonly #file: WriteStream;
  #size = 0;
  readonly stream: Writable;

  constructor(
    readonly tmpPath: string,
    private readonly store: LocalContentStore,
    /** The caller hashes the same bytes itself (and gives the digest to commit): skip hashing them twice. */
    private readonly hashedByCaller = false,
  ) {
    this.#file = createWriteStream(tmpPath, { flags: 'wx', mode: 0o644 });
    const file = this.#file;
    const hash = this.#hash;
    // Chunks off a socket are 16–64 KiB; written one by one, the write calls alone kept the event loop busy for
    // ~150 ms of a 100 MB pull here. They go to the file gathered into writes of WRITE_BATCH bytes.
    let held: Buffer[] = [];
    let heldBytes = 0;
    const flush = (cb: () => void) => {
      const buf = held.length === 1 ? held[0]! : Buffer.concat(held, heldBytes);
      held = [];
      heldBytes = 0;
      if (!file.write(buf)) file.once('drain', cb);
      else cb();
    };
    this.stream = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        if (!hashedByCaller) hash.update(chunk);
        this.#size += chunk.length;
        held.push(chunk);
        heldBytes += chunk.length;
        if (heldBytes >= WRITE_BATCH) flush(() => cb());
        else cb();
      },
      final: (cb) => {
        const end = () => file.end(() => cb());
        if (heldBytes > 0) flush(end);
        else end();
      },
      destroy: (err, cb) => {
        file.destroy();
        cb(err);
      },
    });
    file.on('error', (err) => this.stream.destroy(err));
  }

  get size(): number {
    return this.#size;
  }

  /** Verifies and moves the blob into place; returns its digest. */
  async commit(expected?: { digest?: string; size?: number }): Promise<Digest> {
    if (this.hashedByCaller && expected?.digest === undefined) throw internal('a writer hashed by its caller needs the digest to commit');
    const digest = (this.hashedByCaller ? expected!.digest : `sha256:${this.#hash.digest('hex')}`) as Digest;
    try {
      if (expected?.digest !== undefined && expected.digest !== digest) throw digestMismatch(expected.digest, digest);
      if (expected?.size !== undefined && expected.size !== this.#size) {
        throw digestMismatch(`${expected.digest ?? 'blob'} of ${expected.size} bytes`, `${this.#size} bytes`);
      }
      // Durable before visible: a crash must never leave a blob under its digest with other bytes in it.
      const fh = await open(this.tmpPath, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(this.tmpPath, this.store.blobPath(digest));
      await fsyncDir(this.store.options.blobsDir);
      return digest;
    } catch (err) {
      await this.abort();
      throw err;
    }
  }

  async abort(): Promise<void> {
    this.#file.destroy();
    await rm(this.tmpPath, { force: true });
  }
}

export class LocalContentStore {
  constructor(readonly options: ContentStoreOptions) {}

  async init(): Promise<void> {
    await mkdir(this.options.blobsDir, { recursive: true });
    await mkdir(this.options.ingestDir, { recursive: true });
    // Partial ingests from a crash are garbage.
    for (const name of await readdir(this.options.ingestDir)) await rm(join(this.options.ingestDir, name), { force: true, recursive: true });
  }

  blobPath(digest: string): string {
    if (!isDigest(digest)) throw internal(`not a digest: ${digest}`);
    return join(this.options.blobsDir, digestHex(digest));
  }

  async has(digest: string): Promise<boolean> {
    return access(this.blobPath(digest)).then(() => true, () => false);
  }

  async size(digest: string): Promise<number> {
    return (await stat(this.blobPath(digest))).size;
  }

  /** `hashedByCaller`: the caller verifies the same bytes' digest itself (a pull, whose unpack hashes them). */
  writer(options: { hashedByCaller?: boolean } = {}): BlobWriter {
    return new BlobWriter(join(this.options.ingestDir, randomBytes(8).toString('hex')), this, options.hashedByCaller);
  }

  /** Writes a small blob (manifest, config) in one go. */
  async put(data: Buffer | string): Promise<Digest> {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    const digest = `sha256:${createHash('sha256').update(buf).digest('hex')}` as Digest;
    if (!(await this.has(digest))) await atomicWrite(this.blobPath(digest), buf);
    return digest;
  }

  /** Adopts an existing file (same filesystem) as a blob, after hashing it. */
  async adopt(path: string, expected?: string): Promise<Digest> {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    const digest = `sha256:${hash.digest('hex')}` as Digest;
    if (expected !== undefined && expected !== digest) throw digestMismatch(expected, digest);
    if (await this.has(digest)) await rm(path, { force: true });
    else await rename(path, this.blobPath(digest));
    return digest;
  }

  async read(digest: string): Promise<Buffer> {
    return readFile(this.blobPath(digest));
  }

  reader(digest: string): ReadStream {
    return createReadStream(this.blobPath(digest));
  }

  async delete(digest: string): Promise<void> {
    await rm(this.blobPath(digest), { force: true });
  }
}
