// What the engine remembers about images' registry forms, so a push sends the very bytes a pull received:
// diff ID -> the compressed blobs held for it; blob -> repositories known to hold it (cross-repository mounts);
// image ID -> the platform manifest it came with. One JSON document, written atomically.
import { readFile } from 'node:fs/promises';
import { atomicWriteJson } from '../../common/fs/atomic-write.js';
import { KeyedMutex } from '../../common/keyed-mutex.js';

export interface BlobDescriptor {
  mediaType: string;
  digest: string;
  size: number;
}

interface Doc {
  layers: Record<string, BlobDescriptor[]>;
  /** Blob digest -> fully-qualified repositories (`127.0.0.1:5000/team/app`). */
  sources: Record<string, string[]>;
  /** Image ID -> manifest (digest + media type) as pulled or pushed. */
  manifests: Record<string, BlobDescriptor>;
}

export class DistributionRecords {
  #doc: Doc = { layers: {}, sources: {}, manifests: {} };
  readonly #lock = new KeyedMutex();

  constructor(readonly path: string) {}

  async init(): Promise<void> {
    try {
      this.#doc = { layers: {}, sources: {}, manifests: {}, ...(JSON.parse(await readFile(this.path, 'utf8')) as Partial<Doc>) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  compressedFor(diffId: string): BlobDescriptor[] {
    return this.#doc.layers[diffId] ?? [];
  }
  sourcesOf(digest: string): string[] {
    return this.#doc.sources[digest] ?? [];
  }
  manifestOf(imageId: string): BlobDescriptor | undefined {
    return this.#doc.manifests[imageId];
  }

  async record(change: { layers?: Array<[string, BlobDescriptor]>; sources?: Array<[string, string]>; manifest?: [string, BlobDescriptor] }): Promise<void> {
    await this.#lock.run('doc', async () => {
      const next: Doc = { layers: { ...this.#doc.layers }, sources: { ...this.#doc.sources }, manifests: { ...this.#doc.manifests } };
      for (const [diffId, d] of change.layers ?? []) {
        const list = next.layers[diffId] ?? [];
        if (!list.some((x) => x.digest === d.digest)) next.layers[diffId] = [...list, d];
      }
      for (const [digest, repo] of change.sources ?? []) {
        const list = next.sources[digest] ?? [];
        if (!list.includes(repo)) next.sources[digest] = [...list, repo].slice(-8);
      }
      if (change.manifest) next.manifests[change.manifest[0]] = change.manifest[1];
      await atomicWriteJson(this.path, next);
      this.#doc = next;
    });
  }

  /** Forgets a diff ID's compressed blobs (their content is being removed); returns their digests. */
  async forgetLayer(diffId: string): Promise<string[]> {
    const gone = (this.#doc.layers[diffId] ?? []).map((d) => d.digest);
    if (gone.length === 0) return [];
    await this.#lock.run('doc', async () => {
      const next: Doc = { layers: { ...this.#doc.layers }, sources: { ...this.#doc.sources }, manifests: { ...this.#doc.manifests } };
      delete next.layers[diffId];
      for (const g of gone) delete next.sources[g];
      await atomicWriteJson(this.path, next);
      this.#doc = next;
    });
    return gone;
  }
}
