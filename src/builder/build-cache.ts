// The layer cache of the builder: cache key -> the image a step produced. The key hashes the parent image, the
// instruction as it ran (build args in effect included) and the content of COPY/ADD sources. An entry whose image
// is gone is a miss. One JSON document, written atomically.
import { readFile } from 'node:fs/promises';
import { sha256 } from '../common/digest.js';
import { atomicWriteJson } from '../common/fs/atomic-write.js';
import { KeyedMutex } from '../common/keyed-mutex.js';

export function cacheKey(parent: string | undefined, step: string, args: ReadonlyMap<string, string>, sourceHash = ''): string {
  const a = [...args.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return sha256(JSON.stringify([parent ?? '', step, a, sourceHash]));
}

export class BuildCache {
  #doc: Record<string, string> = {};
  readonly #lock = new KeyedMutex();

  constructor(readonly path: string) {}

  async init(): Promise<void> {
    try {
      this.#doc = JSON.parse(await readFile(this.path, 'utf8')) as Record<string, string>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  get(key: string): string | undefined {
    return this.#doc[key];
  }

  async set(key: string, imageId: string): Promise<void> {
    await this.#lock.run('doc', async () => {
      const next = { ...this.#doc, [key]: imageId };
      await atomicWriteJson(this.path, next, { durable: false });
      this.#doc = next;
    });
  }
}
