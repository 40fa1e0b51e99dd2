// A thin driver of the OCI runtime's CLI (runc, or crun: the same commands and flags) with the engine's own state
// root. No lifecycle decisions here.
import { writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { run } from '../common/proc/run.js';

export interface RuncState {
  id: string;
  pid: number;
  status: 'creating' | 'created' | 'running' | 'paused' | 'stopped';
  bundle: string;
}

export class Runc {
  constructor(
    readonly binary: string,
    readonly root: string,
  ) {}

  #args(...rest: string[]): string[] {
    return ['--root', this.root, ...rest];
  }

  async start(id: string): Promise<void> {
    await run(this.binary, this.#args('start', id), { timeoutMs: 30_000 });
  }

  /** Sends a signal; a container that is already gone is not an error. */
  async kill(id: string, signal: string, all = false): Promise<void> {
    const r = await run(this.binary, this.#args('kill', ...(all ? ['--all'] : []), id, signal), { timeoutMs: 10_000, allowFailure: true });
    if (r.code !== 0 && !/not running|does not exist|process already finished|container not running/i.test(r.stderr)) {
      throw new Error(`runc kill ${id} ${signal}: ${r.stderr.trim()}`);
    }
  }

  /** Deletes a stopped (or never started) container; `force` also kills a running one (slow: runc polls). */
  async delete(id: string, force = false): Promise<void> {
    const r = await run(this.binary, this.#args('delete', ...(force ? ['--force'] : []), id), { timeoutMs: 30_000, allowFailure: true });
    if (r.code !== 0 && !/does not exist|not found/i.test(r.stderr)) throw new Error(`runc delete ${id}: ${r.stderr.trim()}`);
  }

  async state(id: string): Promise<RuncState | undefined> {
    const r = await run(this.binary, this.#args('state', id), { timeoutMs: 10_000, allowFailure: true });
    if (r.code !== 0) return undefined;
    return JSON.parse(r.stdout) as RuncState;
  }

  async pause(id: string): Promise<void> {
    await run(this.binary, this.#args('pause', id), { timeoutMs: 10_000 });
  }
  async resume(id: string): Promise<void> {
    await run(this.binary, this.#args('resume', id), { timeoutMs: 10_000 });
  }
  /**
   * Live cgroup limits (OCI linux.resources JSON). Through a file: crun reads `-` as /dev/stdin, which cannot be
   * opened when stdin is the socket Node gives a child.
   */
  async update(id: string, resources: Record<string, unknown>): Promise<void> {
    const file = join(this.root, `.update-${id}-${randomBytes(4).toString('hex')}.json`);
    await writeFile(file, JSON.stringify(resources), { mode: 0o600 });
    try {
      await run(this.binary, this.#args('update', '--resources', file, id), { timeoutMs: 10_000 });
    } finally {
      await rm(file, { force: true });
    }
  }
  async ps(id: string): Promise<number[]> {
    const r = await run(this.binary, this.#args('ps', '--format', 'json', id), { timeoutMs: 10_000 });
    return JSON.parse(r.stdout || '[]') as number[];
  }
}
