// Overlay layer directories: snapshots/<n>/fs, one per chain ID, shared by every image and container using the
// layer. A layer is unpacked into a fresh directory first (`prepare`) and becomes visible only on `commit`.
// The index (chain ID -> n, parent, size) is one JSON document written atomically.
import { mkdir, readFile, rename, rm, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { atomicWriteJson } from '../common/fs/atomic-write.js';
import { KeyedMutex } from '../common/keyed-mutex.js';

export interface SnapshotInfo {
  chainId: string;
  /** Directory number under snapshots/. */
  n: number;
  parent: string | undefined;
  diffId: string;
  /** Uncompressed layer size in bytes. */
  size: number;
}

interface Index {
  next: number;
  snapshots: Record<string, SnapshotInfo>;
}

export interface PreparedSnapshot {
  /** Unpack the layer here. */
  fsDir: string;
  root: string;
}

export class OverlaySnapshots {
  #index: Index = { next: 1, snapshots: {} };
  readonly #lock = new KeyedMutex();

  constructor(
    readonly root: string,
    readonly indexPath: string,
  ) {}

  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    try {
      this.#index = JSON.parse(await readFile(this.indexPath, 'utf8')) as Index;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    // Unpack dirs (tmp-*) and numbered dirs that are not in the index are unfinished work from a crash: remove
    // them. Anything else under the root is not ours to touch.
    const known = new Set(Object.values(this.#index.snapshots).map((s) => String(s.n)));
    for (const name of await readdir(this.root)) {
      const ours = name.startsWith('tmp-') || /^[0-9]+$/.test(name);
      if (ours && !known.has(name)) await rm(join(this.root, name), { recursive: true, force: true });
    }
  }

  get(chainId: string): SnapshotInfo | undefined {
    return this.#index.snapshots[chainId];
  }

  fsDir(chainId: string): string {
    const s = this.#index.snapshots[chainId];
    if (!s) throw new Error(`snapshot ${chainId} does not exist`);
    return join(this.root, String(s.n), 'fs');
  }

  all(): SnapshotInfo[] {
    return Object.values(this.#index.snapshots);
  }

  async prepare(): Promise<PreparedSnapshot> {
    const root = join(this.root, `tmp-${randomBytes(6).toString('hex')}`);
    const fsDir = join(root, 'fs');
    await mkdir(fsDir, { recursive: true, mode: 0o755 });
    return { root, fsDir };
  }

  /** Makes a prepared directory the snapshot for `chainId`. If one exists already, the prepared one is dropped. */
  async commit(prepared: PreparedSnapshot, info: Omit<SnapshotInfo, 'n'>): Promise<{ created: boolean }> {
    return this.#lock.run('index', async () => {
      if (this.#index.snapshots[info.chainId]) {
        await rm(prepared.root, { recursive: true, force: true });
        return { created: false };
      }
      const n = this.#index.next;
      await rename(prepared.root, join(this.root, String(n)));
      const next: Index = { next: n + 1, snapshots: { ...this.#index.snapshots, [info.chainId]: { ...info, n } } };
      await atomicWriteJson(this.indexPath, next);
      this.#index = next;
      return { created: true };
    });
  }

  async discard(prepared: PreparedSnapshot): Promise<void> {
    await rm(prepared.root, { recursive: true, force: true });
  }

  async remove(chainId: string): Promise<void> {
    await this.#lock.run('index', async () => {
      const s = this.#index.snapshots[chainId];
      if (!s) return;
      const { [chainId]: _gone, ...rest } = this.#index.snapshots;
      const next: Index = { next: this.#index.next, snapshots: rest };
      await atomicWriteJson(this.indexPath, next);
      this.#index = next;
      await rm(join(this.root, String(s.n)), { recursive: true, force: true });
    });
  }
}
