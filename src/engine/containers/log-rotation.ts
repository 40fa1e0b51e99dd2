// Size-based rotation of running containers' logs (json-file's max-size/max-file). conmon appends to `ctr.log`;
// for a container with a max-size berthd watches the container dir (inotify) and, one stat at a time, checks the
// live file's size after it changed. Past max-size the files shift (`ctr.log` → `ctr.log.1` …) and conmon is told
// through its control FIFO to reopen its log path, which gives it a fresh file. Lines written between the rename
// and the reopen land at the end of `ctr.log.1`, so none is lost; readers (logs -f, attach) follow across.
// A file ends a little past max-size (what the container wrote while the check ran), not cut mid-line.
import { watch, type FSWatcher } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { invalidArgument } from '../../errors.js';
import { logPolicy, LogConfigError, type LogPolicy } from '../../logs/log-config.js';
import { rotateFiles } from '../../logs/log-files.js';
import { reopenLog } from '../../runtime/conmon.js';
import type { Logger } from '../../log.js';
import type { DockerHostConfig } from './container-record.js';

/** The log policy of a container's HostConfig; a bad LogConfig is a 400 with dockerd's wording. */
export function containerLogPolicy(hc: DockerHostConfig): LogPolicy {
  const lc = (hc.LogConfig ?? {}) as { Type?: string; Config?: Record<string, string> | null };
  try {
    return logPolicy(lc.Type, lc.Config);
  } catch (err) {
    if (err instanceof LogConfigError) throw invalidArgument(err.message);
    throw err;
  }
}

export interface RotatedLog {
  logPath: string;
  /** The conmon bundle dir (its control FIFO). */
  bundle: string;
  maxSize: number;
  maxFile: number;
}

/** The rotators of all running containers that have a max-size, by container ID. */
export class LogRotation {
  readonly #rotators = new Map<string, Rotator>();
  constructor(readonly log: Logger) {}

  /** Starts watching (again) a container's log after its conmon started. */
  watch(id: string, o: RotatedLog): void {
    this.unwatch(id);
    this.#rotators.set(id, new Rotator(o, (err) => this.log.warn('log rotation failed', { container: id, err })));
  }

  /**
   * Stops watching. After an exit, `keepLive` makes sure the live file exists (a rotation right before the exit
   * leaves none, as conmon was gone before it could reopen): attach clients of the next start read from it.
   */
  unwatch(id: string, keepLive = false): void {
    const r = this.#rotators.get(id);
    if (!r) return;
    r.close();
    this.#rotators.delete(id);
    if (keepLive) void writeFile(r.o.logPath, '', { flag: 'a' }).catch(() => {});
  }

  close(): void {
    for (const r of this.#rotators.values()) r.close();
    this.#rotators.clear();
  }
}

class Rotator {
  readonly #watcher: FSWatcher;
  #checking = false;
  #again = false;
  #closed = false;

  constructor(readonly o: RotatedLog, readonly onError: (err: unknown) => void) {
    const base = basename(o.logPath);
    this.#watcher = watch(dirname(o.logPath), (_event, name) => {
      if (name === base) this.poke();
    });
    this.#watcher.on('error', () => this.close());
    this.poke(); // a log already past max-size from an earlier run
  }

  poke(): void {
    if (this.#closed) return;
    if (this.#checking) {
      this.#again = true;
      return;
    }
    this.#checking = true;
    void this.#check().finally(() => (this.#checking = false));
  }

  async #check(): Promise<void> {
    do {
      this.#again = false;
      const size = await stat(this.o.logPath).then((s) => s.size, () => -1);
      if (this.#closed || size < this.o.maxSize) continue;
      try {
        await rotateFiles(this.o.logPath, this.o.maxFile);
        await reopenLog(this.o.bundle);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'ENXIO') this.onError(err);
      }
    } while (this.#again && !this.#closed);
  }

  close(): void {
    this.#closed = true;
    this.#watcher.close();
  }
}
