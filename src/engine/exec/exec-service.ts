// Exec instances: create (validated against the container), start (attached over a hijacked connection, or
// detached), inspect, resize. The mechanisms are in runtime/exec.ts; this file decides and keeps the records.
import { mkdir, readFile, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { execAlreadyRan, execRunning, invalidArgument, noSuchExec, notRunningFor } from '../../errors.js';
import { execProcess, capabilitiesOfMask, type OciProcess } from '../../runtime/spec/exec-process.js';
import { ALL_CAPABILITIES } from '../../runtime/spec/capabilities.js';
import { resolveUser } from '../../runtime/spec/user.js';
import { resizeTerminal } from '../../runtime/conmon.js';
import type { ContainerService } from '../containers/container-service.js';
import type { ContainerRecord } from '../containers/container-record.js';
import { execView, type ExecConfig, type ExecRecord } from './exec-record.js';
import { runPiped, runDetached, runWithTerminal } from './run-exec.js';
import { ExecTiming } from './exec-timing.js';
import { frame, STDERR } from '../../logs/docker-frames.js';
import { serverDetachKeys } from '../containers/attach.js';

export interface ExecCreateRequest {
  Cmd?: string[] | string | null;
  Env?: string[] | null;
  User?: string;
  WorkingDir?: string;
  Tty?: boolean;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  Privileged?: boolean;
  DetachKeys?: string;
  ConsoleSize?: [number, number] | null;
}

export interface ExecStartRequest {
  Detach?: boolean;
  Tty?: boolean;
  ConsoleSize?: [number, number] | null;
}

export class ExecService {
  readonly #execs = new Map<string, ExecRecord>();
  /** Each running container's own OCI process (from its bundle), read once per start rather than once per exec. */
  readonly #baseProcess = new Map<string, { startedAt: string; process: Promise<OciProcess> }>();

  constructor(readonly containers: ContainerService) {
    containers.execIds = (id) => this.idsOf(id);
    // Docker forgets a container's execs when it stops; a running one's process is gone with it anyway.
    containers.events.subscribe((e) => {
      if (e.Type === 'container' && (e.Action === 'die' || e.Action === 'destroy')) {
        this.#forget(e.Actor.ID);
        this.#baseProcess.delete(e.Actor.ID);
      }
    });
  }

  idsOf(containerId: string): string[] {
    return [...this.#execs.values()].filter((e) => e.containerId === containerId).map((e) => e.id);
  }

  get(id: string): ExecRecord {
    const e = this.#execs.get(id);
    if (!e) throw noSuchExec(id);
    return e;
  }

  create(ref: string, body: ExecCreateRequest): { Id: string } {
    const rec = this.containers.resolve(ref);
    assertRunning(rec);
    const cmd = typeof body.Cmd === 'string' ? [body.Cmd] : (body.Cmd ?? []);
    if (cmd.length === 0) throw invalidArgument('No exec command specified');
    const env = body.Env ?? [];
    for (const e of env) if (e.startsWith('=') || e === '') throw invalidArgument(`invalid environment variable: ${e}`);
    const id = randomBytes(32).toString('hex');
    const size = body.ConsoleSize;
    const config: ExecConfig = {
      Cmd: cmd,
      Env: env,
      User: body.User ?? '',
      WorkingDir: body.WorkingDir ?? '',
      Tty: body.Tty === true,
      AttachStdin: body.AttachStdin === true,
      AttachStdout: body.AttachStdout === true,
      AttachStderr: body.AttachStderr === true,
      Privileged: body.Privileged === true,
      DetachKeys: body.DetachKeys ?? '',
      ConsoleSize: Array.isArray(size) && size.length === 2 ? { height: Number(size[0]), width: Number(size[1]) } : undefined,
    };
    if (config.Tty) serverDetachKeys(config.DetachKeys); // a bad sequence is a 400 at create, as in docker
    if (config.WorkingDir && !config.WorkingDir.startsWith('/')) throw invalidArgument(`the working directory '${config.WorkingDir}' is invalid, it needs to be an absolute path`);
    let markDone = () => {};
    const done = new Promise<void>((r) => (markDone = r));
    const dir = join(this.containers.paths.runtimeDir(rec.id), 'exec', id);
    this.#execs.set(id, { id, containerId: rec.id, config, started: false, running: false, exitCode: null, pid: 0, dir, done, markDone });
    this.containers.emit(rec, `exec_create: ${cmd.join(' ')}`, { execID: id });
    return { Id: id };
  }

  async inspect(id: string): Promise<Record<string, unknown>> {
    const e = this.get(id);
    if (e.running && e.pid === 0) {
      const pid = Number(await readFile(join(e.dir, 'pidfile'), 'utf8').catch(() => '0'));
      if (pid > 0) e.pid = pid;
    }
    return execView(e);
  }

  async resize(id: string, h: number, w: number): Promise<void> {
    const e = this.get(id);
    if (!e.config.Tty || !e.running || h <= 0 || w <= 0) return;
    await resizeTerminal(e.dir, h, w).catch(() => {});
  }

  /**
   * Checks and prepares the start (before the hijack: errors still get a status), then returns how to run it:
   * `run(socket)` streams until the process has exited and its exit code is recorded.
   */
  async start(id: string, req: ExecStartRequest): Promise<{ tty: boolean; run(socket: Duplex | undefined): Promise<void> }> {
    const e = this.get(id);
    if (e.running) throw execRunning(id);
    if (e.started) throw execAlreadyRan(id);
    const rec = this.containers.resolve(e.containerId);
    assertRunning(rec);
    if (Array.isArray(req.ConsoleSize) && req.ConsoleSize.length === 2 && req.ConsoleSize[0] > 0) {
      e.config.ConsoleSize = { height: Number(req.ConsoleSize[0]), width: Number(req.ConsoleSize[1]) };
    }
    e.started = true;
    e.running = true;
    this.containers.emit(rec, `exec_start: ${e.config.Cmd.join(' ')}`, { execID: e.id });
    const since = performance.now();
    try {
      await this.#writeProcess(rec, e);
    } catch (err) {
      // Like runc's own failures (an unknown -u user, say), this is the exec's failure, told in-band: exit 126.
      void rm(e.dir, { recursive: true, force: true }).catch(() => {});
      const message = `${err instanceof Error ? err.message : String(err)}\n`;
      return {
        tty: e.config.Tty,
        run: async (socket) => {
          if (socket && !req.Detach) socket.end(e.config.Tty ? message.replace(/\n/g, '\r\n') : frame(STDERR, Buffer.from(message)));
          this.#finish(rec, e, 126);
        },
      };
    }
    const ctx = { svc: this.containers, rec, exec: e, finish: (code: number) => this.#finish(rec, e, code), timing: new ExecTiming(since) };
    const cleanUp = () => {
      // Without a terminal the directory holds runc's three files only: removing them by name spares a recursive walk.
      if (!e.config.Tty) return void removePipedExecDir(e.dir);
      void rm(e.dir, { recursive: true, force: true }).catch(() => {});
      void rm(join(this.containers.paths.socketDir, e.id), { force: true }).catch(() => {}); // conmon's attach socket link
    };
    return {
      tty: e.config.Tty,
      run: async (socket) => {
        if (req.Detach || !socket) {
          await runDetached(ctx);
          void e.done.then(cleanUp);
          return;
        }
        try {
          await (e.config.Tty ? runWithTerminal(ctx, socket) : runPiped(ctx, socket));
        } finally {
          this.#finish(rec, e, e.exitCode ?? 126);
          cleanUp();
        }
      },
    };
  }

  /** Runs a command to its end without a client (health checks): exit code and combined output. */
  async runCaptured(ref: string, cmd: string[], timeoutMs: number): Promise<{ exitCode: number; output: string; timedOut: boolean }> {
    const { Id } = this.create(ref, { Cmd: cmd, AttachStdout: true, AttachStderr: true });
    const started = await this.start(Id, {});
    const { PassThrough } = await import('node:stream');
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (b: Buffer) => chunks.push(b));
    const e = this.get(Id);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void this.inspect(Id).then(() => {
        if (e.running && e.pid > 0) process.kill(e.pid, 'SIGKILL');
      }).catch(() => {});
    }, timeoutMs);
    try {
      await started.run(sink);
    } finally {
      clearTimeout(timer);
    }
    this.#execs.delete(Id);
    return { exitCode: e.exitCode ?? -1, output: demux(Buffer.concat(chunks)), timedOut };
  }

  /** The container's process as its bundle has it for the current run (the bundle is rewritten at each start). */
  #containerProcess(rec: ContainerRecord): Promise<OciProcess> {
    const cached = this.#baseProcess.get(rec.id);
    if (cached && cached.startedAt === rec.state.startedAt) return cached.process;
    const entry = {
      startedAt: rec.state.startedAt,
      process: readFile(join(this.containers.paths.runtimeDir(rec.id), 'config.json'), 'utf8').then((s) => (JSON.parse(s) as { process: OciProcess }).process),
    };
    this.#baseProcess.set(rec.id, entry);
    entry.process.catch(() => {
      if (this.#baseProcess.get(rec.id) === entry) this.#baseProcess.delete(rec.id);
    });
    return entry.process;
  }

  async #writeProcess(rec: ContainerRecord, e: ExecRecord): Promise<void> {
    const runtimeDir = this.containers.paths.runtimeDir(rec.id);
    const base = await this.#containerProcess(rec);
    let user;
    if (e.config.User) {
      const rootfs = join(runtimeDir, 'rootfs');
      const [passwd, group] = await Promise.all([
        readFile(join(rootfs, 'etc/passwd'), 'utf8').catch(() => ''),
        readFile(join(rootfs, 'etc/group'), 'utf8').catch(() => ''),
      ]);
      user = resolveUser(e.config.User, passwd, group);
    }
    const p = execProcess(base, { args: e.config.Cmd, env: e.config.Env, user, cwd: e.config.WorkingDir, terminal: e.config.Tty, consoleSize: e.config.ConsoleSize, privilegedCapabilities: e.config.Privileged ? await hostCapabilities() : undefined });
    await mkdir(e.dir, { recursive: true });
    await writeFile(join(e.dir, 'process.json'), JSON.stringify(p));
    // the terminal's output log exists before conmon starts, so the client's reader can follow it from byte 0
    if (e.config.Tty) await writeFile(join(e.dir, 'exec.log'), '');
  }

  #finish(rec: ContainerRecord, e: ExecRecord, code: number): void {
    if (!e.running) return;
    e.running = false;
    e.exitCode = code;
    this.containers.emit(rec, 'exec_die', { execID: e.id, exitCode: String(code) });
    e.markDone();
  }

  #forget(containerId: string): void {
    for (const e of this.#execs.values()) if (e.containerId === containerId && !e.running) this.#execs.delete(e.id);
  }
}

/** An exec directory of runc exec (process.json, pidfile, runc.log): its files, then itself (recursively if anything else is there). */
async function removePipedExecDir(dir: string): Promise<void> {
  await Promise.all(['process.json', 'pidfile', 'runc.log'].map((f) => unlink(join(dir, f)).catch(() => {})));
  await rmdir(dir).catch(() => rm(dir, { recursive: true, force: true })).catch(() => {});
}

let hostCaps: Promise<string[]> | undefined;
/** Every capability berthd itself may hand out (its bounding set): what a privileged exec gets. */
function hostCapabilities(): Promise<string[]> {
  hostCaps ??= readFile('/proc/self/status', 'utf8').then((s) => capabilitiesOfMask(/CapBnd:\s*([0-9a-f]+)/.exec(s)?.[1] ?? '0', ALL_CAPABILITIES));
  return hostCaps;
}

function assertRunning(rec: ContainerRecord): void {
  if (rec.state.status !== 'running') throw notRunningFor(rec.id, rec.state.status);
}

/** The payloads of Docker's multiplexed frames, in order. */
function demux(b: Buffer): string {
  const out: Buffer[] = [];
  for (let i = 0; i + 8 <= b.length; ) {
    const n = b.readUInt32BE(i + 4);
    out.push(b.subarray(i + 8, i + 8 + n));
    i += 8 + n;
  }
  return Buffer.concat(out).toString();
}
