// The container service: the records and their names, exits as events (conmon's exit files, watched with
// inotify), waiters, and the record leaving (removeNow). Each verb is a file of its own (create.ts, start.ts,
// stop.ts, ...) working through this service; restore.ts re-adopts containers at init.
import { mkdir, readFile, rm, access } from 'node:fs/promises';
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { DaemonConfig, Paths } from '../../config/config.js';
import type { Logger } from '../../log.js';
import type { ContainerCounts, ContainerNetworking, ImageProvider, ImageUsers } from '../backend.js';
import { atomicWriteJson } from '../../common/fs/atomic-write.js';
import { KeyedMutex } from '../../common/keyed-mutex.js';
import { releaseBundle } from '../../runtime/bundle.js';
import { Runc } from '../../runtime/runc.js';
import type { RuntimeBinary, RuntimeSet } from '../../runtime/runtime-binary.js';
import { EventBus } from '../../events/event-bus.js';
import { isActive, nextStatus } from '../../container/state.js';
import { resolveRef } from '../../container/names.js';
import { AttachHub } from './attach-hub.js';
import type { IdMap } from '../../common/id-map.js';
import type { ContainerRecord } from './container-record.js';
import { noSuchContainer } from '../../errors.js';
import { loadRecords, reconcile } from './restore.js';
import type { VolumeService } from '../volumes/volume-service.js';
import { RestartManager } from './restart-manager.js';
import { LogRotation, containerLogPolicy } from './log-rotation.js';

export interface ContainerServiceOptions {
  config: DaemonConfig;
  paths: Paths;
  log: Logger;
  images: ImageProvider;
  events?: EventBus;
  /** Bridge networking (default, user networks); without it the default mode is a namespace with only lo. */
  networking?: ContainerNetworking;
  /** Named and anonymous volumes; without it only binds and tmpfs mounts work. */
  volumes?: VolumeService;
  /** `--userns-remap`: the store holds shifted IDs; containers run in a user namespace unless `--userns=host`. */
  idMap?: IdMap;
  /** The OCI runtimes: the default and the others installed (runtime/runtime-binary.ts). */
  runtimes: RuntimeSet;
}

export class ContainerService implements ImageUsers {
  readonly records = new Map<string, ContainerRecord>();
  readonly names = new Map<string, string>();
  readonly hubs = new Map<string, AttachHub>();
  readonly locks = new KeyedMutex();
  /** Network teardowns of exits in progress, by container. */
  readonly #networkReleases = new Map<string, Promise<void>>();
  /** Exits being recorded and cleaned up (shutdown waits for them). */
  readonly #exitHandling = new Set<Promise<void>>();
  readonly restarts: RestartManager = new RestartManager(this);
  /** Size-based rotation of running containers' logs (LogConfig max-size/max-file). */
  #logRotation: LogRotation | undefined;
  /** A driver per runtime, by name; all keep their state under the same root. */
  readonly #runtimeClis = new Map<string, Runc>();
  readonly events: EventBus;
  readonly #exitWaiters = new Map<string, Array<() => void>>();
  readonly #removeWaiters = new Map<string, Array<(code: number) => void>>();
  readonly #exiting = new Set<string>();
  readonly #saving = new Map<string, Promise<void>>();
  #watcher: FSWatcher | undefined;
  /** The container's exec instances (`ExecIDs` in inspect); the exec service sets it. */
  execIds: (id: string) => string[] = () => [];
  /** RLIMIT_NOFILE hard limit of this process; containers cannot be given more. */
  nofileHard = 1048576;

  constructor(readonly options: ContainerServiceOptions) {
    for (const [name, binary] of options.runtimes.byName) this.#runtimeClis.set(name, new Runc(binary.exec, options.paths.runcRoot));
    this.events = options.events ?? new EventBus();
  }

  get paths(): Paths {
    return this.options.paths;
  }

  /** The runtime a container was created with (HostConfig.Runtime); the default for one whose runtime is gone. */
  runtimeOf(rec: ContainerRecord): RuntimeBinary {
    const name = typeof rec.hostConfig.Runtime === 'string' ? rec.hostConfig.Runtime : '';
    return this.options.runtimes.byName.get(name) ?? this.options.runtimes.default;
  }

  /** The CLI driver of the container's runtime. */
  runtime(rec: ContainerRecord): Runc {
    return this.#runtimeClis.get(this.runtimeOf(rec).name)!;
  }
  get log(): Logger {
    return this.options.log;
  }

  /** Loads records and re-adopts containers that kept running (or exited) while berthd was down. */
  async init(): Promise<void> {
    const p = this.paths;
    for (const d of [p.containers, p.runcRoot, p.exitDir, p.socketDir, join(p.execRoot, 'c')]) await mkdir(d, { recursive: true, mode: 0o711 });
    const limits = await readFile('/proc/self/limits', 'utf8').catch(() => '');
    const m = /Max open files\s+\S+\s+(\d+)/.exec(limits);
    if (m) this.nofileHard = Number(m[1]);
    this.#watcher = watch(p.exitDir, (_event, file) => {
      if (file) void this.recordExit(String(file));
    });
    await loadRecords(this);
    for (const rec of [...this.records.values()]) await reconcile(this, rec);
  }

  async shutdown(): Promise<void> {
    this.restarts.close();
    this.#watcher?.close();
    this.#logRotation?.close();
    for (const hub of this.hubs.values()) hub.close();
    // An exit being handled finishes its runtime cleanup first (bounded): a daemon stopped right after `docker
    // stop` must not leave a mounted rootfs and runc's record behind for the next start to trip over.
    const bound = new Promise<void>((r) => setTimeout(r, 10_000).unref());
    await Promise.race([Promise.allSettled([...this.#exitHandling]), bound]);
  }

  // ---- records ----------------------------------------------------------------------------------------------------

  /**
   * Writes the record. Writes of one container are queued, and each writes the record as it is when its turn
   * comes, so the file always ends with the latest state even when an exit and a start save at the same time.
   */
  save(rec: ContainerRecord): Promise<void> {
    const prev = this.#saving.get(rec.id) ?? Promise.resolve();
    const next = prev.catch(() => {}).then(() => atomicWriteJson(join(this.paths.container(rec.id), 'config.v2.json'), rec, { durable: false }));
    this.#saving.set(rec.id, next);
    const clear = () => {
      if (this.#saving.get(rec.id) === next) this.#saving.delete(rec.id);
    };
    next.then(clear, clear);
    return next;
  }

  /** The container is on bridge networks (the default or user ones): it has a sandbox of the network service. */
  bridged(rec: ContainerRecord): boolean {
    const mode = rec.hostConfig.NetworkMode ?? 'default';
    return this.options.networking !== undefined && mode !== 'host' && mode !== 'none' && !mode.startsWith('container:');
  }

  /** Resolves once the network teardown of the container's last exit is over (a start waits for it). */
  networkReleased(id: string): Promise<void> {
    return this.#networkReleases.get(id) ?? Promise.resolve();
  }

  /** The remap a container runs under: the daemon's, unless it asked for the host's user namespace. */
  usernsOf(rec: ContainerRecord): IdMap | undefined {
    return rec.hostConfig.UsernsMode === 'host' ? undefined : this.options.idMap;
  }

  /** Full ID, name (with or without '/'), or unique ID prefix. */
  resolve(ref: string): ContainerRecord {
    const id = resolveRef(ref, {
      hasId: (i) => this.records.has(i),
      idOfName: (n) => this.names.get(n),
      ids: () => this.records.keys(),
    });
    const rec = id === undefined ? undefined : this.records.get(id);
    if (!rec) throw noSuchContainer(ref);
    return rec;
  }

  hub(rec: ContainerRecord): AttachHub {
    let hub = this.hubs.get(rec.id);
    if (!hub) {
      hub = new AttachHub({
        socketPath: join(this.paths.socketDir, rec.id, 'attach'),
        logPath: join(this.paths.container(rec.id), 'ctr.log'),
        stdinOnce: rec.config.StdinOnce === true,
        nextExit: () => this.nextExit(rec.id),
      });
      // a container already running (re-adopted after a daemon restart) has its attach socket: stdin can flow
      if (rec.state.status === 'running' || rec.state.status === 'paused') hub.started();
      this.hubs.set(rec.id, hub);
    }
    return hub;
  }

  /** Rotates the container's log by size while its conmon runs, when its LogConfig sets a max-size. */
  watchLog(rec: ContainerRecord): void {
    let policy;
    try {
      policy = containerLogPolicy(rec.hostConfig);
    } catch {
      return; // a record from before LogConfig was checked: logged without limits
    }
    if (policy.maxSize === undefined) return;
    this.#logRotation ??= new LogRotation(this.log);
    this.#logRotation.watch(rec.id, { logPath: join(this.paths.container(rec.id), 'ctr.log'), bundle: this.paths.runtimeDir(rec.id), maxSize: policy.maxSize, maxFile: policy.maxFile });
  }

  /** Running, paused or restarting. */
  isRunning(rec: ContainerRecord): boolean {
    return isActive(rec.state.status);
  }

  containersUsingImage(imageId: string): Array<{ id: string; running: boolean }> {
    return [...this.records.values()].filter((r) => r.imageId === imageId).map((r) => ({ id: r.id, running: isActive(r.state.status) }));
  }

  counts(): ContainerCounts {
    const all = [...this.records.values()];
    const running = all.filter((r) => r.state.status === 'running' || r.state.status === 'restarting').length;
    const paused = all.filter((r) => r.state.status === 'paused').length;
    return { containers: all.length, running, paused, stopped: all.length - running - paused };
  }

  /** A container event with Docker's attributes: the container's labels, its image and name, then `extra`. */
  emit(rec: ContainerRecord, action: string, extra: Record<string, string> = {}): void {
    this.events.emit('container', action, rec.id, { ...(rec.config.Labels ?? {}), image: String(rec.config.Image ?? ''), name: rec.name, ...extra });
  }

  // ---- exits ------------------------------------------------------------------------------------------------------

  /** Resolves at the container's next exit, or when its record is removed. Aborting drops the waiter (never resolves). */
  nextExit(id: string, signal?: AbortSignal): Promise<void> {
    return addWaiter(this.#exitWaiters, id, signal);
  }

  /** Resolves with the exit code when the container's record is removed. */
  removed(id: string, signal?: AbortSignal): Promise<number> {
    return addWaiter(this.#removeWaiters, id, signal);
  }

  /** Records the exit conmon wrote to the exit dir (inotify calls this; so does restore). */
  recordExit(id: string): Promise<void> {
    const p = this.#recordExit(id);
    this.#exitHandling.add(p);
    void p.finally(() => this.#exitHandling.delete(p));
    return p;
  }

  async #recordExit(id: string): Promise<void> {
    const rec = this.records.get(id);
    if (!rec || this.#exiting.has(id)) return;
    const path = join(this.paths.exitDir, id);
    // conmon writes the exit file with g_file_set_contents (temp file + rename), so it appears complete; an empty
    // or missing read means this event was for something else, and the rename's own event follows.
    const text = await readFile(path, 'utf8').catch(() => '');
    if (text.trim() === '') return;
    this.#exiting.add(id);
    try {
      await rm(path, { force: true });
      const oom = await access(join(this.paths.runtimeDir(id), 'persist', 'oom')).then(() => true, () => false);
      rec.state = { ...rec.state, status: nextStatus(rec.state.status, 'exit') ?? rec.state.status, pid: 0, exitCode: Number(text.trim()), oomKilled: oom, finishedAt: new Date().toISOString() };
      await this.save(rec);
      this.hubs.get(id)?.stopped(); // attach clients from now on wait for the next start to get stdin through
      this.emit(rec, 'die', { exitCode: String(rec.state.exitCode) });
      // The network goes before waiters hear of the exit, as with dockerd (die, then the disconnect): a script's
      // `docker run --rm --network n …; docker network rm n` must not find the endpoint still there. A start
      // arriving meanwhile waits for it (networkReleased).
      if (this.bridged(rec)) {
        const release = this.options.networking!.tearDown(id).catch((err: unknown) => this.log.warn('network teardown failed', { container: id, err }));
        this.#networkReleases.set(id, release);
        await release;
        if (this.#networkReleases.get(id) === release) this.#networkReleases.delete(id);
      }
      const waiters = this.#exitWaiters.get(id) ?? [];
      this.#exitWaiters.delete(id);
      for (const w of waiters) w();
      // The runtime cleanup runs under the container's lock, so a start that follows this exit (start -a,
      // restart) waits for it instead of racing it for the rootfs mount and the bundle dir.
      await this.locks.run(id, async () => {
        if (rec.hostConfig.AutoRemove) await this.removeNow(rec, true);
        else if (!isActive(rec.state.status)) await this.releaseRuntime(rec);
      });
      await this.restarts.exited(rec);
    } catch (err) {
      this.log.error('handling container exit failed', { container: id, err });
    } finally {
      this.#exiting.delete(id);
    }
  }

  /** After an exit: runc's record, the rootfs mount and the runtime dir go; the container's data stays. */
  async releaseRuntime(rec: ContainerRecord): Promise<void> {
    this.#logRotation?.unwatch(rec.id, true);
    await this.runtime(rec).delete(rec.id).catch((err: unknown) => this.log.warn('runc delete failed', { container: rec.id, err }));
    await releaseBundle(this.paths.runtimeDir(rec.id)).catch((err: unknown) => this.log.warn('releasing the bundle failed', { container: rec.id, err }));
    await rm(join(this.paths.socketDir, rec.id), { force: true });
    await this.options.networking?.tearDown(rec.id).catch((err: unknown) => this.log.warn('network teardown failed', { container: rec.id, err }));
    const hub = this.hubs.get(rec.id);
    hub?.stopped();
    if (hub && !hub.hasClients) this.hubs.delete(rec.id);
  }

  /**
   * Removes everything of a stopped container. The record leaves the API view (and waiters hear of it) first; the
   * disk cleanup follows. A crash in between leaves the record marked `removing`, which init() finishes.
   */
  async removeNow(rec: ContainerRecord, removeVolumes = false): Promise<void> {
    if (!this.records.has(rec.id)) return;
    rec.state.status = 'removing';
    await this.save(rec).catch(() => {});
    this.records.delete(rec.id);
    if (this.names.get(rec.name) === rec.id) this.names.delete(rec.name);
    this.hubs.get(rec.id)?.close();
    this.hubs.delete(rec.id);
    this.#logRotation?.unwatch(rec.id);
    // Anonymous volumes go before anyone hears of the removal (`docker run --rm` returns on it).
    const anonymous = removeVolumes ? (rec.mounts ?? []).filter((m) => m.Type === 'volume' && m.anonymous) : [];
    if (anonymous.length) await this.releaseRuntime(rec);
    for (const m of anonymous) {
      await this.options.volumes?.remove(m.Name!, true).catch((err: unknown) => this.log.warn('removing an anonymous volume failed', { volume: m.Name, err }));
    }
    this.emit(rec, 'destroy');
    const waiters = this.#removeWaiters.get(rec.id) ?? [];
    this.#removeWaiters.delete(rec.id);
    for (const w of waiters) w(rec.state.exitCode);
    const exitWaiters = this.#exitWaiters.get(rec.id) ?? [];
    this.#exitWaiters.delete(rec.id);
    for (const w of exitWaiters) w();
    await this.releaseRuntime(rec);
    await this.options.networking?.forget(rec.id).catch(() => {});
    await rm(this.paths.container(rec.id), { recursive: true, force: true });
    await this.options.networking?.hostLinksReleased(rec.id); // nothing of the container's is left when rm returns
  }
}

function addWaiter<T>(map: Map<string, Array<(v: T) => void>>, id: string, signal?: AbortSignal): Promise<T> {
  return new Promise((resolve) => {
    const list = map.get(id) ?? [];
    list.push(resolve);
    map.set(id, list);
    signal?.addEventListener(
      'abort',
      () => {
        const now = map.get(id);
        const at = now?.indexOf(resolve) ?? -1;
        if (at >= 0) now!.splice(at, 1);
        if (now?.length === 0) map.delete(id);
      },
      { once: true },
    );
  });
}
