// Named and anonymous volumes of the `local` driver: a directory `<data-root>/volumes/<name>/_data` with its
// record `volume.json` beside it (written atomically). The containers using a volume are found from their
// records (through `users`), so a volume in use cannot be removed. Driver options: `type`/`device`/`o` mount a
// filesystem (tmpfs, or a bind of a host directory) on `_data` when a container first needs it.
import { chown, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import type { IdMap } from '../../common/id-map.js';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { atomicWriteJson } from '../../common/fs/atomic-write.js';
import { KeyedMutex } from '../../common/keyed-mutex.js';
import { BerthError, invalidArgument } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { EventBus } from '../../events/event-bus.js';
import { dirSize } from '../containers/container-size.js';
import { labelsMatch } from '../../container/labels.js';

const run = promisify(execFile);
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export interface VolumeRecord {
  Name: string;
  Driver: 'local';
  Mountpoint: string;
  CreatedAt: string;
  Labels: Record<string, string>;
  Options: Record<string, string>;
  Scope: 'local';
  /** Made for a container (`-v /path`, an image VOLUME): removed with it by `rm -v` and `--rm`. */
  anonymous: boolean;
}

export interface CreateVolumeRequest {
  Name?: string;
  Driver?: string;
  DriverOpts?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

export const noSuchVolume = (name: string) => new BerthError('not-found', 'ERR_NO_SUCH_VOLUME', `get ${name}: no such volume`);

export class VolumeService {
  readonly records = new Map<string, VolumeRecord>();
  readonly #locks = new KeyedMutex();
  /** Container ids using each volume (set by the daemon from the container records). */
  users: (name: string) => string[] = () => [];
  readonly #mounted = new Set<string>();
  /** Where volume events go (create, mount, destroy); the daemon hands in the engine's bus. */
  events: EventBus | undefined;

  constructor(
    readonly dir: string,
    readonly log: Logger,
    /** `--userns-remap`: a new volume's directory belongs to the containers' root. */
    readonly idMap?: IdMap,
  ) {}

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o701 });
    for (const name of await readdir(this.dir)) {
      const rec = await readFile(join(this.dir, name, 'volume.json'), 'utf8').then((t) => JSON.parse(t) as VolumeRecord, () => undefined);
      if (rec) this.records.set(rec.Name, rec);
      else await rm(join(this.dir, name), { recursive: true, force: true }); // a create a crash cut short
    }
  }

  get(name: string): VolumeRecord {
    const rec = this.records.get(name);
    if (!rec) throw noSuchVolume(name);
    return rec;
  }

  /** `POST /volumes/create`; an existing name is returned as it is (docker's behaviour), unless options differ. */
  async create(req: CreateVolumeRequest, anonymous = false): Promise<VolumeRecord> {
    const name = req.Name || randomBytes(32).toString('hex');
    if (!NAME.test(name)) throw invalidArgument(`create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`);
    if (req.Driver && req.Driver !== 'local') throw new BerthError('not-found', 'ERR_VOLUME_DRIVER', `error looking up volume plugin ${req.Driver}: plugin "${req.Driver}" not found`);
    const options = req.DriverOpts ?? {};
    for (const k of Object.keys(options)) if (!['type', 'device', 'o', 'size'].includes(k)) throw invalidArgument(`invalid option: "${k}"`);
    if ((options.type || options.device) && !(options.type && options.device)) throw invalidArgument('missing required option: "type" and "device" go together');
    return this.#locks.run(name, async () => {
      const existing = this.records.get(name);
      if (existing) return existing;
      const base = join(this.dir, name);
      const rec: VolumeRecord = {
        Name: name,
        Driver: 'local',
        Mountpoint: join(base, '_data'),
        CreatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        Labels: req.Labels ?? {},
        Options: options,
        Scope: 'local',
        anonymous,
      };
      await mkdir(rec.Mountpoint, { recursive: true, mode: 0o755 });
      if (this.idMap) await chown(rec.Mountpoint, this.idMap.uid, this.idMap.gid);
      await atomicWriteJson(join(base, 'volume.json'), rec);
      this.records.set(name, rec);
      this.events?.emit('volume', 'create', name, { driver: 'local' });
      return rec;
    });
  }

  /** The host directory a container mounts; a volume with driver options gets its filesystem mounted first. */
  async mountpoint(name: string): Promise<string> {
    const rec = this.get(name);
    if (!rec.Options.type || this.#mounted.has(name)) return rec.Mountpoint;
    return this.#locks.run(name, async () => {
      if (this.#mounted.has(name)) return rec.Mountpoint;
      const already = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').some((l) => l.split(' ')[4] === rec.Mountpoint);
      if (!already) {
        const o = rec.Options;
        const opts = [o.o, o.size ? `size=${o.size}` : undefined].filter(Boolean).join(',');
        const args = ['-t', o.type === 'none' ? 'none' : o.type!, ...(opts ? ['-o', opts] : []), o.device!, rec.Mountpoint];
        await run('mount', args).catch((err: { stderr?: string }) => {
          throw new BerthError('internal', 'ERR_VOLUME_MOUNT', `error while mounting volume '${rec.Mountpoint}': ${err.stderr?.trim() || String(err)}`);
        });
      }
      this.#mounted.add(name);
      return rec.Mountpoint;
    });
  }

  /** True when the volume's directory holds nothing yet (docker copies the image's content into it then). */
  async isEmpty(name: string): Promise<boolean> {
    return (await readdir(this.get(name).Mountpoint).catch(() => ['?'])).length === 0;
  }

  /** `DELETE /volumes/{name}`: refused while a container uses it (even with force, as docker does). */
  async remove(name: string, force = false): Promise<void> {
    const rec = this.records.get(name);
    if (!rec) {
      if (force) return;
      throw noSuchVolume(name);
    }
    const users = this.users(name);
    if (users.length) throw new BerthError('conflict', 'ERR_VOLUME_IN_USE', `remove ${name}: volume is in use - [${users.join(', ')}]`);
    await this.#locks.run(name, async () => {
      if (rec.Options.type) {
        await run('umount', [rec.Mountpoint]).catch(() => {});
        this.#mounted.delete(name);
      }
      this.records.delete(name);
      // The record goes first: a crash mid-delete leaves a directory init() removes, never a record without data.
      await rm(join(this.dir, name, 'volume.json'), { force: true });
      await rm(join(this.dir, name), { recursive: true, force: true });
      this.events?.emit('volume', 'destroy', name, { driver: 'local' });
    });
  }

  /** `GET /volumes`: filters dangling, name (substring), label (`k` or `k=v`), driver. */
  list(filters: Record<string, string[]>): VolumeRecord[] {
    for (const k of Object.keys(filters)) if (!['dangling', 'name', 'label', 'driver'].includes(k)) throw invalidArgument(`invalid filter '${k}'`);
    return [...this.records.values()]
      .filter((v) => {
        if (filters.dangling?.length) {
          const want = filters.dangling[0] === 'true' || filters.dangling[0] === '1';
          if ((this.users(v.Name).length === 0) !== want) return false;
        }
        if (filters.name?.length && !filters.name.some((n) => v.Name.includes(n))) return false;
        if (filters.driver?.length && !filters.driver.includes(v.Driver)) return false;
        return labelsMatch(v.Labels, filters.label ?? []);
      })
      .sort((a, b) => a.Name.localeCompare(b.Name));
  }

  /** `POST /volumes/prune`: unused anonymous volumes (all unused ones with `all=true`), label filters. */
  async prune(filters: Record<string, string[]>): Promise<{ VolumesDeleted: string[]; SpaceReclaimed: number }> {
    for (const k of Object.keys(filters)) if (!['label', 'label!', 'all'].includes(k)) throw invalidArgument(`invalid filter '${k}'`);
    const all = filters.all?.[0] === 'true' || filters.all?.[0] === '1';
    const deleted: string[] = [];
    let space = 0;
    for (const v of [...this.records.values()]) {
      if (this.users(v.Name).length || (!all && !v.anonymous)) continue;
      if (!labelsMatch(v.Labels, filters.label ?? [])) continue;
      if (!labelsMatch(v.Labels, (filters['label!'] ?? []).map((l) => `!${l}`))) continue;
      space += await dirSize(v.Mountpoint);
      await this.remove(v.Name).then(() => deleted.push(v.Name), () => {});
    }
    return { VolumesDeleted: deleted, SpaceReclaimed: space };
  }

  /** The API view of a volume. */
  static view(v: VolumeRecord): Record<string, unknown> {
    // moby's field order (the docker CLI re-marshals in it; berth prints what it gets).
    return { CreatedAt: v.CreatedAt, Driver: v.Driver, Labels: v.Labels, Mountpoint: v.Mountpoint, Name: v.Name, Options: Object.keys(v.Options).length ? v.Options : null, Scope: v.Scope };
  }

  /** Unmounts what volumes with driver options mounted (at daemon stop). */
  async shutdown(): Promise<void> {
    for (const name of this.#mounted) {
      const rec = this.records.get(name);
      if (rec && this.users(name).length === 0) await run('umount', [rec.Mountpoint]).catch(() => {});
    }
    this.#mounted.clear();
  }
}
