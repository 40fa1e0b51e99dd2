// A thin runc CLI driver with the engine's own state root. No lifecycle decisions here.
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
  /** Live cgroup limits (OCI linux.resources JSON on stdin). */
  async update(id: string, resources: Record<string, unknown>): Promise<void> {
    await run(this.binary, this.#args('update', '--resources', '-', id), { timeoutMs: 10_000, input: JSON.stringify(resources) });
  }
  async ps(id: string): Promise<number[]> {
    const r = await run(this.binary, this.#args('ps', '--format', 'json', id), { timeoutMs: 10_000 });
    return JSON.parse(r.stdout || '[]') as number[];
  }
}
