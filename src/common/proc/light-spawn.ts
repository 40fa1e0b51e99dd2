// Spawning a child without copying berthd: Node's spawn forks the whole process (page tables and all), so its
// cost grows with berthd's memory (measured here with Node 24: 1.6 ms at 53 MB RSS, 10 ms at 158 MB, 18 ms at
// 369 MB, all of it blocking the event loop). glibc's posix_spawn uses clone(CLONE_VM|CLONE_VFORK) and costs
// ~0.5 ms whatever the size. Used for the short-lived children on latency-sensitive paths (runc exec).
//
// The child gets pipes (or /dev/null) as stdio, default signal dispositions and an empty signal mask (as libuv
// gives its children), berthd's environment, and no other fd (everything berthd opens is close-on-exec). Its exit
// is reaped on SIGCHLD with waitpid(pid, WNOHANG): only the pids spawned here, so libuv's own children are left
// to libuv.
import { createRequire } from 'node:module';
import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import { close } from 'node:fs';
import { constants } from 'node:os';

type Fn = (...args: unknown[]) => number;
interface Libc {
  pipe2: Fn;
  faInit: Fn;
  faDup2: Fn;
  faOpen: Fn;
  faDestroy: Fn;
  attrInit: Fn;
  attrFlags: Fn;
  attrMask: Fn;
  attrDefault: Fn;
  attrDestroy: Fn;
  sigemptyset: Fn;
  sigfillset: Fn;
  posixSpawn: Fn;
  waitpid: Fn;
}

let libc: Libc | undefined;
function load(): Libc {
  if (libc) return libc;
  const koffi = createRequire(import.meta.url)('koffi') as { load(name: string): { func(sig: string): Fn } };
  const lib = koffi.load('libc.so.6');
  libc = {
    pipe2: lib.func('int pipe2(_Out_ int *fds, int flags)'),
    faInit: lib.func('int posix_spawn_file_actions_init(void *fa)'),
    faDup2: lib.func('int posix_spawn_file_actions_adddup2(void *fa, int fd, int newfd)'),
    faOpen: lib.func('int posix_spawn_file_actions_addopen(void *fa, int fd, const char *path, int flags, uint32_t mode)'),
    faDestroy: lib.func('int posix_spawn_file_actions_destroy(void *fa)'),
    attrInit: lib.func('int posix_spawnattr_init(void *attr)'),
    attrFlags: lib.func('int posix_spawnattr_setflags(void *attr, short flags)'),
    attrMask: lib.func('int posix_spawnattr_setsigmask(void *attr, void *set)'),
    attrDefault: lib.func('int posix_spawnattr_setsigdefault(void *attr, void *set)'),
    attrDestroy: lib.func('int posix_spawnattr_destroy(void *attr)'),
    sigemptyset: lib.func('int sigemptyset(void *set)'),
    sigfillset: lib.func('int sigfillset(void *set)'),
    posixSpawn: lib.func('int posix_spawnp(_Out_ int *pid, const char *path, void *fa, void *attr, const char **argv, const char **envp)'),
    waitpid: lib.func('int waitpid(int pid, _Out_ int *status, int options)'),
  };
  return libc;
}

const O_CLOEXEC = 0o2000000;
const O_RDWR = 0o2;
const WNOHANG = 1;
const POSIX_SPAWN_SETSIGDEF = 0x04;
const POSIX_SPAWN_SETSIGMASK = 0x08;
// Opaque glibc structs, given more room than they need (x86_64: 80, 336 and 128 bytes).
const FILE_ACTIONS_SIZE = 256;
const ATTR_SIZE = 512;
const SIGSET_SIZE = 128;

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]));

/** A child spawned by lightSpawn: the parts of ChildProcess the callers use ('exit', 'close', 'error', stdio). */
export class LightChild extends EventEmitter {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  #open = 0;
  #exited = false;

  constructor(
    readonly pid: number,
    readonly stdin: Socket | null,
    readonly stdout: Socket | null,
    readonly stderr: Socket | null,
  ) {
    super();
    for (const s of [stdout, stderr]) {
      if (!s) continue;
      this.#open++;
      s.once('close', () => {
        this.#open--;
        this.#maybeClose();
      });
    }
  }

  /** Called once the child has been reaped. */
  exited(status: number): void {
    if ((status & 0x7f) === 0) this.exitCode = (status >> 8) & 0xff;
    else this.signalCode = SIGNAL_NAMES.get(status & 0x7f) ?? 'SIGKILL';
    this.#exited = true;
    this.emit('exit', this.exitCode, this.signalCode);
    this.#maybeClose();
  }

  #maybeClose(): void {
    if (this.#exited && this.#open === 0) this.emit('close', this.exitCode, this.signalCode);
  }
}

const pending = new Map<number, LightChild>();
let listening = false;
/** A timer that never fires, only keeps the loop alive while children are pending (signal handlers do not). */
let keepAlive: NodeJS.Timeout | undefined;

function reap(): void {
  const c = load();
  for (const [pid, child] of pending) {
    const status = [0];
    if (c.waitpid(pid, status, WNOHANG) !== pid) continue;
    pending.delete(pid);
    child.exited(status[0]!);
  }
  if (pending.size === 0 && keepAlive) {
    clearInterval(keepAlive);
    keepAlive = undefined;
  }
}

function pipe(c: Libc): [number, number] {
  const fds = [0, 0];
  if (c.pipe2(fds, O_CLOEXEC) !== 0) throw new Error('pipe2 failed');
  return [fds[0]!, fds[1]!];
}

const closeQuietly = (fd: number) => close(fd, () => {});

/**
 * Spawns `file` (a path, or a name looked up in PATH) with `args`; `stdio: 'pipe'` gives stdin/stdout/stderr streams, `'ignore'`
 * connects all three to /dev/null. A failure to start is reported as an 'error' event (then 'close'), as Node does.
 */
export function lightSpawn(file: string, args: string[], options: { stdio: 'pipe' | 'ignore' }): LightChild {
  const c = load();
  if (!listening) {
    process.on('SIGCHLD', reap);
    listening = true;
  }
  const pipes = options.stdio === 'pipe' ? [pipe(c), pipe(c), pipe(c)] : undefined;
  const fa = Buffer.alloc(FILE_ACTIONS_SIZE);
  const attr = Buffer.alloc(ATTR_SIZE);
  const none = Buffer.alloc(SIGSET_SIZE);
  const all = Buffer.alloc(SIGSET_SIZE);
  c.faInit(fa);
  c.attrInit(attr);
  const pid = [0];
  let rc: number;
  try {
    if (pipes) {
      c.faDup2(fa, pipes[0][0], 0);
      c.faDup2(fa, pipes[1][1], 1);
      c.faDup2(fa, pipes[2][1], 2);
    } else {
      for (const fd of [0, 1, 2]) c.faOpen(fa, fd, '/dev/null', O_RDWR, 0);
    }
    c.sigemptyset(none);
    c.sigfillset(all);
    c.attrMask(attr, none);
    c.attrDefault(attr, all);
    c.attrFlags(attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    const env = Object.entries(process.env).flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${v}`]));
    rc = c.posixSpawn(pid, file, fa, attr, [file, ...args, null], [...env, null]);
  } finally {
    c.faDestroy(fa);
    c.attrDestroy(attr);
    if (pipes) for (const fd of [pipes[0][0], pipes[1][1], pipes[2][1]]) closeQuietly(fd);
  }
  if (rc !== 0) {
    if (pipes) for (const fd of [pipes[0][1], pipes[1][0], pipes[2][0]]) closeQuietly(fd);
    const child = new LightChild(0, null, null, null);
    const err = Object.assign(new Error(`spawn ${file} failed: errno ${rc}`), { errno: rc, code: rc === 2 ? 'ENOENT' : `E${rc}`, path: file });
    process.nextTick(() => {
      child.emit('error', err);
      child.emit('close', -2, null);
    });
    return child;
  }
  const child = pipes
    ? new LightChild(
        pid[0]!,
        new Socket({ fd: pipes[0][1], readable: false, writable: true }),
        new Socket({ fd: pipes[1][0], readable: true, writable: false }),
        new Socket({ fd: pipes[2][0], readable: true, writable: false }),
      )
    : new LightChild(pid[0]!, null, null, null);
  pending.set(child.pid, child);
  keepAlive ??= setInterval(() => {}, 2 ** 30);
  // A child that exited before the handler was in place has already sent its SIGCHLD: look once now.
  process.nextTick(reap);
  return child;
}
