// The container service: records, name/ID resolution, exits as events (conmon's exit files), waiters, and the
// lifecycle verbs. Starting a container is in start-container.ts; Docker's JSON views in container-views.ts.
import { mkdir, readdir, readFile, rm, access } from 'node:fs/promises';
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { DaemonConfig, Paths } from '../../config/config.js';
import type { Logger } from '../../log.js';
import type { ContainerCounts, ImageProvider, ImageUsers } from '../backend.js';
import { atomicWriteJson } from '../../common/fs/atomic-write.js';
import { KeyedMutex } from '../../common/keyed-mutex.js';
import { umount, MNT_DETACH } from '../../common/syscalls.js';
import { Runc } from '../../runtime/runc.js';
import { EventBus } from '../../events/event-bus.js';
import { canRemove, isActive, nextStatus } from '../../container/state.js';
import { validateName, resolveRef } from '../../container/names.js';
import { AttachHub } from './attach-hub.js';
import type { ContainerRecord } from './container-record.js';
import { noSuchContainer, containerRunning, nameInUse, containerNotRunning, notModified, invalidArgument } from '../../errors.js';

export interface ContainerServiceOptions {
  config: DaemonConfig;
  paths: Paths;
  log: Logger;
  images: ImageProvider;
  events?: EventBus;
}

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

export class ContainerService implements ImageUsers {
  readonly records = new Map<string, ContainerRecord>();
  readonly names = new Map<string, string>();
  readonly hubs = new Map<string, AttachHub>();
  readonly locks = new KeyedMutex();
  readonly runc: Runc;
  readonly events: EventBus;
  readonly #exitWaiters = new Map<string, Array<() => void>>();
  readonly #removeWaiters = new Map<string, Array<(code: number) => void>>();
  readonly #exiting = new Set<string>();
  readonly #saving = new Map<string, Promise<void>>();
  #watcher: FSWatcher | undefined;
  /** RLIMIT_NOFILE hard limit of this process; containers cannot be given more. */
  nofileHard = 1048576;

  constructor(readonly options: ContainerServiceOptions) {
    this.runc = new Runc(options.config.runtime, options.paths.runcRoot);
    this.events = options.events ?? new EventBus();
  }

  get paths(): Paths {
    return this.options.paths;
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
      if (file) void this.#onExitFile(String(file));
    });
    for (const id of await readdir(p.containers)) {
      const rec = await readFile(join(p.container(id), 'config.v2.json'), 'utf8').then((t) => JSON.parse(t) as ContainerRecord).catch(() => undefined);
      if (!rec) {
        await rm(p.container(id), { recursive: true, force: true });
        continue;
      }
      this.records.set(rec.id, rec);
      this.names.set(rec.name, rec.id);
    }
    for (const rec of this.records.values()) await this.#reconcile(rec);
  }

  async #reconcile(rec: ContainerRecord): Promise<void> {
    if (rec.state.status === 'removing') {
      this.records.set(rec.id, rec);
      await this.removeNow(rec);
      return;
    }
    if (!isActive(rec.state.status)) return;
    const exitFile = join(this.paths.exitDir, rec.id);
    if (await access(exitFile).then(() => true, () => false)) {
      await this.#onExitFile(rec.id);
      return;
    }
    const state = await this.runc.state(rec.id);
    if (!state || state.status === 'stopped') {
      // Gone without an exit file (e.g. the host rebooted): dead end, as docker reports it.
      rec.state = { ...rec.state, status: 'exited', pid: 0, exitCode: rec.state.exitCode || 255, finishedAt: new Date().toISOString() };
      await this.save(rec);
      await this.releaseRuntime(rec);
      if (rec.hostConfig.AutoRemove) await this.removeNow(rec);
      return;
    }
    rec.state.status = state.status === 'paused' ? 'paused' : 'running';
    this.log.info('re-adopted running container', { container: rec.id, pid: state.pid });
  }

  async shutdown(): Promise<void> {
    this.#watcher?.close();
    for (const hub of this.hubs.values()) hub.close();
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
      this.hubs.set(rec.id, hub);
    }
    return hub;
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

  // ---- exits ------------------------------------------------------------------------------------------------------

  /** Resolves at the container's next exit (or at once if the record is gone). */
  nextExit(id: string): Promise<void> {
    return new Promise((resolve) => {
      const list = this.#exitWaiters.get(id) ?? [];
      list.push(resolve);
      this.#exitWaiters.set(id, list);
    });
  }

  removed(id: string): Promise<number> {
    return new Promise((resolve) => {
      const list = this.#removeWaiters.get(id) ?? [];
      list.push(resolve);
      this.#removeWaiters.set(id, list);
    });
  }

  async #onExitFile(id: string): Promise<void> {
    const rec = this.records.get(id);
    if (!rec || this.#exiting.has(id)) return;
    const path = join(this.paths.exitDir, id);
    let text = '';
    for (let i = 0; i < 20; i++) {
      text = await readFile(path, 'utf8').catch(() => '');
      if (text.trim() !== '') break;
      await new Promise((r) => setTimeout(r, 5)); // conmon creates the file, then writes it
    }
    if (text.trim() === '') return;
    this.#exiting.add(id);
    try {
      await rm(path, { force: true });
      const oom = await access(join(this.paths.runtimeDir(id), 'persist', 'oom')).then(() => true, () => false);
      rec.state = { ...rec.state, status: nextStatus(rec.state.status, 'exit') ?? rec.state.status, pid: 0, exitCode: Number(text.trim()), oomKilled: oom, finishedAt: new Date().toISOString() };
      await this.save(rec);
      this.hubs.get(id)?.stopped(); // attach clients from now on wait for the next start to get stdin through
      this.events.emit('container', 'die', id, { name: rec.name, exitCode: String(rec.state.exitCode), image: String(rec.config.Image ?? '') });
      const waiters = this.#exitWaiters.get(id) ?? [];
      this.#exitWaiters.delete(id);
      for (const w of waiters) w();
      // The runtime cleanup runs under the container's lock, so a start that follows this exit (start -a,
      // restart) waits for it instead of racing it for the rootfs mount and the bundle dir.
      await this.locks.run(id, async () => {
        if (rec.hostConfig.AutoRemove) await this.removeNow(rec);
        else if (!isActive(rec.state.status)) await this.releaseRuntime(rec);
      });
    } catch (err) {
      this.log.error('handling container exit failed', { container: id, err });
    } finally {
      this.#exiting.delete(id);
    }
  }

  /** After an exit: runc's record, the rootfs mount and the runtime dir go; the container's data stays. */
  async releaseRuntime(rec: ContainerRecord): Promise<void> {
    await this.runc.delete(rec.id).catch((err: unknown) => this.log.warn('runc delete failed', { container: rec.id, err }));
    const rootfs = join(this.paths.runtimeDir(rec.id), 'rootfs');
    try {
      umount(rootfs, MNT_DETACH);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== 'EINVAL' && code !== 'ENOENT') this.log.warn('unmounting rootfs failed', { container: rec.id, err });
    }
    await rm(this.paths.runtimeDir(rec.id), { recursive: true, force: true });
    await rm(join(this.paths.socketDir, rec.id), { force: true });
    const hub = this.hubs.get(rec.id);
    hub?.stopped();
    if (hub && !hub.hasClients) this.hubs.delete(rec.id);
  }

  // ---- verbs ------------------------------------------------------------------------------------------------------

  async wait(ref: string, condition: WaitCondition): Promise<{ StatusCode: number; Error: { Message: string } | null }> {
    const rec = this.resolve(ref);
    const result = () => ({ StatusCode: rec.state.exitCode, Error: rec.state.error ? { Message: rec.state.error } : null });
    if (condition === 'removed') {
      const code = await this.removed(rec.id);
      return { StatusCode: code, Error: null };
    }
    if (condition === 'not-running' && !isActive(rec.state.status)) return result();
    await this.nextExit(rec.id);
    return result();
  }

  /** Sends the stop signal, waits `timeout` seconds, then SIGKILL. 304 when it is not running. */
  async stop(ref: string, o: { timeout?: number; signal?: string }): Promise<void> {
    const rec = this.resolve(ref);
    await this.locks.run(rec.id, async () => {
      if (!isActive(rec.state.status)) throw notModified('container already stopped');
      await this.stopNow(rec, o);
    });
  }

  async stopNow(rec: ContainerRecord, o: { timeout?: number; signal?: string }): Promise<void> {
    const exited = this.nextExit(rec.id);
    const timeout = o.timeout ?? (typeof rec.config.StopTimeout === 'number' ? rec.config.StopTimeout : 10);
    const signal = normalizeSignal(o.signal || rec.config.StopSignal || 'SIGTERM');
    if (rec.state.status === 'paused') await this.runc.resume(rec.id).catch(() => {});
    if (timeout !== 0) {
      await this.runc.kill(rec.id, signal);
      if (timeout < 0) return void (await exited);
      const done = await Promise.race([exited.then(() => true), sleep(timeout * 1000).then(() => false)]);
      if (done) return;
    }
    await this.runc.kill(rec.id, 'KILL', true);
    await Promise.race([exited, sleep(15_000)]);
    this.events.emit('container', 'stop', rec.id, { name: rec.name });
  }

  async kill(ref: string, signal = 'KILL'): Promise<void> {
    const rec = this.resolve(ref);
    if (!isActive(rec.state.status)) throw containerNotRunning(ref, rec.id);
    const sig = normalizeSignal(signal);
    const exited = this.nextExit(rec.id);
    await this.runc.kill(rec.id, sig);
    this.events.emit('container', 'kill', rec.id, { name: rec.name, signal: sig });
    if (sig === 'KILL' || sig === '9') await Promise.race([exited, sleep(10_000)]);
  }

  async remove(ref: string, o: { force: boolean }): Promise<void> {
    const rec = this.resolve(ref);
    await this.locks.run(rec.id, async () => {
      if (rec.state.status === 'removing') return;
      if (!canRemove(rec.state.status)) {
        if (!o.force) throw containerRunning(rec.name);
        const exited = this.nextExit(rec.id);
        await this.runc.kill(rec.id, 'KILL', true);
        await Promise.race([exited, sleep(15_000)]);
      }
      await this.removeNow(rec);
    });
  }

  /**
   * Removes everything of a stopped container. The record leaves the API view (and waiters hear of it) first; the
   * disk cleanup follows. A crash in between leaves the record marked `removing`, which init() finishes.
   */
  async removeNow(rec: ContainerRecord): Promise<void> {
    if (!this.records.has(rec.id)) return;
    rec.state.status = 'removing';
    await this.save(rec).catch(() => {});
    this.records.delete(rec.id);
    if (this.names.get(rec.name) === rec.id) this.names.delete(rec.name);
    this.hubs.get(rec.id)?.close();
    this.hubs.delete(rec.id);
    this.events.emit('container', 'destroy', rec.id, { name: rec.name });
    const waiters = this.#removeWaiters.get(rec.id) ?? [];
    this.#removeWaiters.delete(rec.id);
    for (const w of waiters) w(rec.state.exitCode);
    const exitWaiters = this.#exitWaiters.get(rec.id) ?? [];
    this.#exitWaiters.delete(rec.id);
    for (const w of exitWaiters) w();
    await this.releaseRuntime(rec);
    await rm(this.paths.container(rec.id), { recursive: true, force: true });
  }

  async rename(ref: string, newName: string): Promise<void> {
    if (!newName) throw invalidArgument('Neither old nor new names may be empty');
    const name = validateName(newName);
    const rec = this.resolve(ref);
    if (rec.name === name) throw invalidArgument(`Renaming a container with the same name as its current name`);
    const holder = this.names.get(name);
    if (holder) throw nameInUse(name, holder);
    this.names.delete(rec.name);
    const old = rec.name;
    rec.name = name;
    this.names.set(name, rec.id);
    await this.save(rec);
    this.events.emit('container', 'rename', rec.id, { name, oldName: `/${old}` });
  }

  async prune(labels: string[]): Promise<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }> {
    const deleted: string[] = [];
    for (const rec of [...this.records.values()]) {
      if (isActive(rec.state.status)) continue;
      if (!labelsMatch(rec.config.Labels ?? {}, labels)) continue;
      await this.locks.run(rec.id, () => this.removeNow(rec));
      deleted.push(rec.id);
    }
    return { ContainersDeleted: deleted.length ? deleted : null, SpaceReclaimed: 0 };
  }
}

export function labelsMatch(labels: Record<string, string>, wanted: string[]): boolean {
  return wanted.every((w) => {
    const neg = w.startsWith('!');
    const term = neg ? w.slice(1) : w;
    const eq = term.indexOf('=');
    const hit = eq < 0 ? term in labels : labels[term.slice(0, eq)] === term.slice(eq + 1);
    return neg ? !hit : hit;
  });
}

/** `SIGTERM`, `TERM`, `15` -> the form runc takes. */
export function normalizeSignal(sig: string): string {
  const s = sig.trim().toUpperCase();
  if (/^\d+$/.test(s)) return s;
  return s.startsWith('SIG') ? s.slice(3) : s;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
