// Durable image records: image ID -> layers (chain IDs), and the names that point at images
// (`docker.io/library/busybox:latest` -> ID, `repo@sha256:…` -> ID). One JSON document, written atomically.
import { readFile } from 'node:fs/promises';
import { atomicWriteJson } from '../../common/fs/atomic-write.js';
import { KeyedMutex } from '../../common/keyed-mutex.js';

export interface ImageRecord {
  /** `sha256:<hex>` of the config blob. */
  id: string;
  chainIds: string[];
  /** Uncompressed size of all layers. */
  size: number;
  /** When the image arrived here (RFC 3339). */
  addedAt: string;
  /** When a name was last pointed at it (RFC 3339), for inspect's Metadata.LastTagTime. */
  lastTagTime?: string;
  /** The image it was built or committed on (Docker's Parent), when made here. */
  parent?: string;
}

interface Doc {
  images: Record<string, ImageRecord>;
  /** Fully-qualified tag or digest reference -> image ID. */
  names: Record<string, string>;
}

export class ImageRecords {
  #doc: Doc = { images: {}, names: {} };
  readonly #lock = new KeyedMutex();

  constructor(readonly path: string) {}

  async init(): Promise<void> {
    try {
      this.#doc = JSON.parse(await readFile(this.path, 'utf8')) as Doc;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  get(id: string): ImageRecord | undefined {
    return this.#doc.images[id];
  }
  all(): ImageRecord[] {
    return Object.values(this.#doc.images);
  }
  lookupName(full: string): string | undefined {
    return this.#doc.names[full];
  }
  /** Fully-qualified names pointing at `id`, tags first then digests, each sorted. */
  namesOf(id: string): string[] {
    return Object.entries(this.#doc.names)
      .filter(([, v]) => v === id)
      .map(([k]) => k)
      .sort((a, b) => Number(a.includes('@')) - Number(b.includes('@')) || a.localeCompare(b));
  }

  /** Applies a change to a copy of the document, persists it, then makes it current. */
  async update(change: (doc: Doc) => void): Promise<void> {
    await this.#lock.run('doc', async () => {
      const next: Doc = { images: { ...this.#doc.images }, names: { ...this.#doc.names } };
      change(next);
      await atomicWriteJson(this.path, next);
      this.#doc = next;
    });
  }
}
