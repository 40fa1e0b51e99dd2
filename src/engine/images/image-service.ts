// The image service: resolves references, unpacks layers into snapshots, records images and names.
// Verbs with more to them live beside it (import-image.ts, load-archive.ts, remove-image.ts, image-views.ts).
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Paths } from '../../config/config.js';
import type { Logger } from '../../log.js';
import type { ImageForRun, ImageProvider, ImageUsers } from '../backend.js';
import { noSuchImage, digestMismatch, BerthError } from '../../errors.js';
import { LocalContentStore } from '../../content/local-content-store.js';
import { OverlaySnapshots } from '../../snapshots/overlay-snapshots.js';
import type { IdMap } from '../../common/id-map.js';
import { applyLayerThreaded } from '../../layers/apply-layer-threaded.js';
import { applyLayer, type ApplyResult } from '../../layers/apply-layer.js';
import { chainIds, parseImageConfig, type ImageConfig } from '../../image/image-config.js';
import { parseReference, formatReference, familiarName, familiarTagged } from '../../reference/reference.js';
import { ImageRecords, type ImageRecord } from './image-records.js';
import { DistributionRecords } from './distribution-records.js';

export interface ImageServiceOptions {
  paths: Paths;
  log: Logger;
  /** Late-bound: the container service is constructed after the image service. */
  users: () => ImageUsers;
  /** `--userns-remap`: layers are unpacked with owners shifted into the range. */
  idMap?: IdMap;
}

export interface ResolvedImage {
  record: ImageRecord;
  config: ImageConfig;
  /** The fully-qualified name the reference matched, when it matched a name (not an ID). */
  matchedName: string | undefined;
}

export interface UnpackedLayer extends ApplyResult {
  chainId: string;
  /** False when the snapshot existed already. */
  created: boolean;
  /** Ends the lease that keeps the snapshot from being released until the image is recorded. */
  release: () => void;
}

export class ImageService implements ImageProvider {
  readonly content: LocalContentStore;
  readonly snapshots: OverlaySnapshots;
  readonly records: ImageRecords;
  /** Registry forms of layers and images (compressed blobs, manifests, source repositories). */
  readonly distribution: DistributionRecords;
  readonly #configs = new Map<string, ImageConfig>();
  /** Chain IDs an operation in flight (import, load) relies on before its image is recorded: never released. */
  readonly #leases = new Map<string, number>();

  constructor(readonly options: ImageServiceOptions) {
    const { paths } = options;
    this.content = new LocalContentStore({ blobsDir: paths.blobs, ingestDir: paths.ingest });
    this.snapshots = new OverlaySnapshots(paths.snapshots, join(paths.metadata, 'snapshots.json'));
    this.records = new ImageRecords(join(paths.metadata, 'images.json'));
    this.distribution = new DistributionRecords(join(paths.metadata, 'distribution.json'));
  }

  get log(): Logger {
    return this.options.log;
  }
  get users(): ImageUsers {
    return this.options.users();
  }

  async init(): Promise<void> {
    await mkdir(this.options.paths.metadata, { recursive: true });
    await mkdir(this.options.paths.tmp, { recursive: true });
    await this.content.init();
    await this.snapshots.init();
    await this.records.init();
    await this.distribution.init();
    for (const r of this.records.all()) {
      try {
        this.#configs.set(r.id, parseImageConfig(await this.content.read(r.id)));
      } catch (err) {
        // A record whose config blob is gone or unreadable cannot be used; keep the daemon up and forget it.
        this.log.warn('dropping image with an unreadable config', { id: r.id, err: (err as Error).message });
        await this.records.update((doc) => {
          delete doc.images[r.id];
          for (const [n, v] of Object.entries(doc.names)) if (v === r.id) delete doc.names[n];
        });
      }
    }
  }

  count(): number {
    return this.records.all().length;
  }

  config(id: string): ImageConfig {
    const c = this.#configs.get(id);
    if (!c) throw noSuchImage(id);
    return c;
  }

  /** Name (tag or digest reference), full ID, or unique ID prefix, as docker resolves them. */
  resolve(ref: string): ResolvedImage {
    const byId = (id: string): ResolvedImage | undefined => {
      const record = this.records.get(id);
      return record ? { record, config: this.config(id), matchedName: undefined } : undefined;
    };
    if (/^sha256:[a-f0-9]{64}$/.test(ref)) {
      const r = byId(ref);
      if (r) return r;
      throw noSuchImage(ref);
    }
    let parsed;
    try {
      parsed = parseReference(ref);
    } catch (err) {
      if (!/^(sha256:)?[a-f0-9]+$/.test(ref)) throw err;
    }
    if (parsed) {
      const full = formatReference(parsed);
      const id = this.records.lookupName(full) ?? (parsed.tag && parsed.digest ? this.records.lookupName(full.replace(`:${parsed.tag}@`, '@')) : undefined);
      if (id) return { ...byId(id)!, matchedName: full };
    }
    const hex = ref.replace(/^sha256:/, '');
    if (/^[a-f0-9]+$/.test(hex) && hex.length >= 1) {
      const matches = this.records.all().filter((r) => r.id.slice(7).startsWith(hex));
      if (matches.length === 1) return byId(matches[0]!.id)!;
      if (matches.length > 1) {
        throw new BerthError('invalid-argument', 'ERR_AMBIGUOUS_REFERENCE', `multiple IDs found with provided prefix: ${hex}`);
      }
    }
    throw noSuchImage(familiarTagged(ref));
  }

  imageIdOf(ref: string): string | undefined {
    try {
      return this.resolve(ref).record.id;
    } catch {
      return undefined;
    }
  }

  async getImageForRun(ref: string): Promise<ImageForRun> {
    const { record, config } = this.resolve(ref);
    return {
      id: record.id,
      displayName: ref,
      config: config.config ?? {},
      lowerDirs: [...record.chainIds].reverse().map((c) => this.snapshots.fsDir(c)),
    };
  }

  /**
   * Applies one layer on top of `parentChainId` into a new snapshot (or reuses an existing one when the expected
   * diff ID is known). The tar's diff ID must match `expectedDiffId` when given, and the stream as given (compressed)
   * must match `expectedDigest` when given: nothing is committed otherwise.
   */
  async unpackLayer(
    input: Readable,
    parentChainId: string | undefined,
    expectedDiffId?: string,
    tee?: import('node:stream').Writable,
    more: { expectedDigest?: string; signal?: AbortSignal; onRead?: (bytes: number) => void } = {},
  ): Promise<UnpackedLayer> {
    const prepared = await this.snapshots.prepare();
    try {
      // Without a tee (pulls, commits) the layer is applied on a worker thread; a tee'd one (load, import) keeps
      // the uncompressed bytes, which are here on the event loop's side.
      const res = tee
        ? await applyLayer(prepared.fsDir, input, { tee, signal: more.signal, onRead: more.onRead, idMap: this.options.idMap })
        : await applyLayerThreaded(prepared.fsDir, input, { signal: more.signal, onRead: more.onRead, idMap: this.options.idMap });
      if (more.expectedDigest !== undefined && res.digest !== more.expectedDigest) throw digestMismatch(more.expectedDigest, res.digest);
      if (expectedDiffId !== undefined && res.diffId !== expectedDiffId) throw digestMismatch(expectedDiffId, res.diffId);
      const chainId = parentChainId === undefined ? res.diffId : chainIds([parentChainId, res.diffId])[1]!;
      const release = this.lease(chainId);
      try {
        const { created } = await this.snapshots.commit(prepared, { chainId, parent: parentChainId, diffId: res.diffId, size: res.size });
        return { ...res, chainId, created, release };
      } catch (err) {
        release();
        throw err;
      }
    } catch (err) {
      await this.snapshots.discard(prepared);
      throw err;
    }
  }

  /** Stores the config blob, records the image and points `names` (fully-qualified) at it. */
  async register(configBlob: Buffer, names: string[], parent?: string): Promise<string> {
    const config = parseImageConfig(configBlob);
    const id = await this.content.put(configBlob);
    const ids = chainIds(config.rootfs.diff_ids);
    for (const c of ids) if (!this.snapshots.get(c)) throw new Error(`layer ${c} is missing`);
    const size = ids.reduce((n, c) => n + (this.snapshots.get(c)?.size ?? 0), 0);
    this.#configs.set(id, config);
    await this.records.update((doc) => {
      const now = new Date().toISOString();
      const current = doc.images[id] ?? { id, chainIds: ids, size, addedAt: now, ...(parent ? { parent } : {}) };
      doc.images[id] = names.length > 0 ? { ...current, lastTagTime: now } : current;
      for (const n of names) doc.names[n] = id;
    });
    return id;
  }

  /** Holds a chain ID against `releaseLayers` until the returned function is called (once). */
  lease(chainId: string): () => void {
    this.#leases.set(chainId, (this.#leases.get(chainId) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (this.#leases.get(chainId) ?? 1) - 1;
      if (n <= 0) this.#leases.delete(chainId);
      else this.#leases.set(chainId, n);
    };
  }

  /** Removes snapshots (and their blobs) that no image uses and no operation holds, from the given candidates. */
  async releaseLayers(candidates: readonly string[]): Promise<string[]> {
    const used = new Set(this.records.all().flatMap((r) => r.chainIds));
    const removed: string[] = [];
    // Children before parents.
    for (const c of [...candidates].reverse()) {
      if (used.has(c) || this.#leases.has(c) || !this.snapshots.get(c)) continue;
      const diffId = this.snapshots.get(c)!.diffId;
      await this.snapshots.remove(c);
      const stillUsed = this.snapshots.all().some((s) => s.diffId === diffId);
      if (!stillUsed) {
        await this.content.delete(diffId);
        for (const d of await this.distribution.forgetLayer(diffId)) await this.content.delete(d);
      }
      removed.push(c);
    }
    return removed;
  }

  forgetConfig(id: string): void {
    this.#configs.delete(id);
  }

  /** Familiar `RepoTags` and `RepoDigests` of an image. */
  repoNames(id: string): { tags: string[]; digests: string[] } {
    const names = this.records.namesOf(id);
    return {
      tags: names.filter((n) => !n.includes('@')).map(familiarName),
      digests: names.filter((n) => n.includes('@')).map(familiarName),
    };
  }
}
