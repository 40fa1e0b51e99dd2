// Spawning a child without copying berthd: Node's spawn forks the whole process (page tables and all), so its
// cost grows with berthd's memory (measured here with Node 24: 1.6 ms at 53 MB RSS, 10 ms at 158 MB, 18 ms at
// 369 MB, all of it blocking the event loop). glibc's posix_spawn uses clone(CLONE_VM|CLONE_VFORK) and costs
// ~0.5 ms whatever the size. Used for the short-lived children on latency-sensitive paths (runc exec).
//
// The child gets pipes (or /dev/null) as stdio, default signal dispositions and an empty signal mask (as libuv
// gives its children), berthd's environment, and no other fd (everything berthd opens is close-on-exec). Its exit
// is reaped on SIGCHLD with waitpid(pid, WNOHANG): only the pids spawned here, so libuv's own children are left
// to libuv.
import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import { close } from 'node:fs';
import { constants } from 'node:os';
import { libcFunctions } from '../libc.js';

const load = libcFunctions((lib) => ({
  socketpair: lib.func('int socketpair(int domain, int type, int protocol, _Out_ int *fds)'),
  faInit: lib.func('int posix_spawn_file_actions_init(void *fa)'),
  faDup2: lib.func('int posix_spawn_file_actions_adddup2(void *fa, int fd, int newfd)'),
  faOpen: lib.func('int posix_spawn_file_actions_addopen(void *fa, int fd, const char *path, int flags, uint32_t mode)'),
  faChdir: lib.func('int posix_spawn_file_actions_addchdir_np(void *fa, const char *path)'),
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
}));

const AF_UNIX = 1;
const SOCK_STREAM = 1;
const SOCK_CLOEXEC = 0o2000000;
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

  readonly stdin: Socket | null;
  readonly stdout: Socket | null;
  readonly stderr: Socket | null;

  constructor(
    readonly pid: number,
    /** The parent's ends, by the child's fd number (null where the child got /dev/null). */
    readonly stdio: Array<Socket | null>,
  ) {
    super();
    [this.stdin = null, this.stdout = null, this.stderr = null] = stdio;
    for (const s of stdio.slice(1)) {
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
    // As Node does: output nobody reads is drained, so its end (and 'close') can come.
    for (const s of this.stdio.slice(1)) if (s && s.listenerCount('data') === 0 && !s.readableFlowing) s.resume();
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

/** A connected pair (parent's end, child's end), both close-on-exec: what Node's spawn gives for 'pipe' too. */
function socketPair(c: ReturnType<typeof load>): [number, number] {
  const fds = [0, 0];
  if (c.socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) !== 0) throw new Error('socketpair failed');
  return [fds[0]!, fds[1]!];
}

export interface LightSpawnOptions {
  /** Per child fd from 0: 'pipe' (a stream in `stdio`) or 'ignore' (/dev/null for 0-2, nothing above); or one word for 0-2. */
  stdio: 'pipe' | 'ignore' | Array<'pipe' | 'ignore'>;
  /** The child's environment (default: berthd's). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const closeQuietly = (fd: number) => close(fd, () => {});

/**
 * Spawns `file` (a path, or a name looked up in PATH) with `args`. A failure to start is reported as an 'error'
 * event (then 'close'), as Node does.
 */
export function lightSpawn(file: string, args: string[], options: LightSpawnOptions): LightChild {
  const c = load();
  if (!listening) {
    process.on('SIGCHLD', reap);
    listening = true;
  }
  const kinds = typeof options.stdio === 'string' ? [options.stdio, options.stdio, options.stdio] : options.stdio;
  const pairs = kinds.map((k) => (k === 'pipe' ? socketPair(c) : undefined));
  const fa = Buffer.alloc(FILE_ACTIONS_SIZE);
  const attr = Buffer.alloc(ATTR_SIZE);
  const none = Buffer.alloc(SIGSET_SIZE);
  const all = Buffer.alloc(SIGSET_SIZE);
  c.faInit(fa);
  c.attrInit(attr);
  const pid = [0];
  let rc: number;
  try {
    kinds.forEach((kind, fd) => {
      const pair = pairs[fd];
      if (pair) c.faDup2(fa, pair[1], fd);
      else if (fd <= 2) c.faOpen(fa, fd, '/dev/null', O_RDWR, 0);
    });
    if (kinds.length < 3) for (let fd = kinds.length; fd <= 2; fd++) c.faOpen(fa, fd, '/dev/null', O_RDWR, 0);
    if (options.cwd) c.faChdir(fa, options.cwd);
    c.sigemptyset(none);
    c.sigfillset(all);
    c.attrMask(attr, none);
    c.attrDefault(attr, all);
    c.attrFlags(attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    const env = Object.entries(options.env ?? process.env).flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${v}`]));
    rc = c.posixSpawn(pid, file, fa, attr, [file, ...args, null], [...env, null]);
  } finally {
    c.faDestroy(fa);
    c.attrDestroy(attr);
    for (const pair of pairs) if (pair) closeQuietly(pair[1]);
  }
  if (rc !== 0) {
    for (const pair of pairs) if (pair) closeQuietly(pair[0]);
    const child = new LightChild(0, []);
    const err = Object.assign(new Error(`spawn ${file} failed: errno ${rc}`), { errno: rc, code: rc === 2 ? 'ENOENT' : `E${rc}`, path: file });
    process.nextTick(() => {
      child.emit('error', err);
      child.emit('close', -2, null);
    });
    return child;
  }
  const child = new LightChild(pid[0]!, pairs.map((pair) => (pair ? new Socket({ fd: pair[0], readable: true, writable: true }) : null)));
  pending.set(child.pid, child);
  keepAlive ??= setInterval(() => {}, 2 ** 30);
  // A child that exited before the handler was in place has already sent its SIGCHLD: look once now.
  process.nextTick(reap);
  return child;
}
