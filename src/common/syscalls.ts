// The syscalls Node lacks, through koffi (FFI to libc): mount, umount2, mknod, lsetxattr/lgetxattr.
// libc is loaded lazily (common/libc.ts). Never unshare/setns here: those move only one thread.
import { libcFunctions, lastErrno } from './libc.js';

const load = libcFunctions((lib) => ({
  mount: lib.func('int mount(const char *src, const char *target, const char *fstype, unsigned long flags, const char *data)'),
  umount2: lib.func('int umount2(const char *target, int flags)'),
  mknod: lib.func('int mknod(const char *path, uint32_t mode, uint64_t dev)'),
  lsetxattr: lib.func('int lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags)'),
  lgetxattr: lib.func('long lgetxattr(const char *path, const char *name, void *value, size_t size)'),
  syscall: lib.func('long syscall(long number, ...)'),
  errno: lastErrno,
}));

const ERRNO_NAMES: Record<number, string> = {
  1: 'EPERM', 2: 'ENOENT', 5: 'EIO', 13: 'EACCES', 16: 'EBUSY', 17: 'EEXIST', 20: 'ENOTDIR', 22: 'EINVAL',
  28: 'ENOSPC', 30: 'EROFS', 18: 'EXDEV', 40: 'ELOOP', 19: 'ENODEV', 36: 'ENAMETOOLONG', 61: 'ENODATA', 95: 'EOPNOTSUPP',
};

export class SyscallError extends Error {
  constructor(
    readonly syscall: string,
    readonly errno: number,
    detail: string,
  ) {
    super(`${syscall} ${detail}: ${ERRNO_NAMES[errno] ?? `errno ${errno}`}`);
    this.name = 'SyscallError';
    (this as { code?: string }).code = ERRNO_NAMES[errno] ?? `E${errno}`;
  }
}

export const MS_RDONLY = 0x1;
export const MS_NOSUID = 0x2;
export const MS_NODEV = 0x4;
export const MS_NOEXEC = 0x8;
export const MS_REMOUNT = 0x20;
export const MS_BIND = 0x1000;
export const MS_REC = 0x4000;
export const MS_PRIVATE = 0x40000;
export const MNT_DETACH = 0x2;
export const S_IFCHR = 0o020000;
export const S_IFBLK = 0o060000;
export const S_IFIFO = 0o010000;

export function mount(source: string, target: string, fstype: string | null, flags: number, data: string | null): void {
  const c = load();
  if (c.mount(source, target, fstype, flags, data) !== 0) {
    throw new SyscallError('mount', c.errno(), `${fstype ?? ''} ${target}`);
  }
}

export function umount(target: string, flags = 0): void {
  const c = load();
  if (c.umount2(target, flags) !== 0) throw new SyscallError('umount2', c.errno(), target);
}

/** mknod; `dev` is makedev(major, minor) as the kernel encodes it. */
export function mknod(path: string, mode: number, major = 0, minor = 0): void {
  const c = load();
  const dev = makedev(major, minor);
  if (c.mknod(path, mode, dev) !== 0) throw new SyscallError('mknod', c.errno(), path);
}

export function makedev(major: number, minor: number): bigint {
  const ma = BigInt(major);
  const mi = BigInt(minor);
  return ((ma & 0xfffff000n) << 32n) | ((ma & 0xfffn) << 8n) | ((mi & 0xffffff00n) << 12n) | (mi & 0xffn);
}

export function lsetxattr(path: string, name: string, value: Buffer | string): void {
  const c = load();
  const buf = typeof value === 'string' ? Buffer.from(value) : value;
  if (c.lsetxattr(path, name, buf, buf.length, 0) !== 0) throw new SyscallError('lsetxattr', c.errno(), `${path} ${name}`);
}

/** The xattr's value, or undefined when it is not set. */
export function lgetxattr(path: string, name: string): Buffer | undefined {
  const c = load();
  const buf = Buffer.alloc(65536);
  const n = c.lgetxattr(path, name, buf, buf.length);
  if (n < 0) {
    const e = c.errno();
    if (e === 61) return undefined;
    throw new SyscallError('lgetxattr', e, `${path} ${name}`);
  }
  return buf.subarray(0, n);
}

export const O_RDONLY = 0;
export const O_DIRECTORY = 0o200000;
export const O_NOFOLLOW = 0o400000;
export const O_PATH = 0o10000000;
export const O_CLOEXEC = 0o2000000;
export const RESOLVE_NO_MAGICLINKS = 0x02;
export const RESOLVE_IN_ROOT = 0x10;
const SYS_OPENAT2 = 437;

/**
 * openat2(2): opens `path` relative to `dirfd` with `resolve` flags (RESOLVE_IN_ROOT makes the kernel resolve
 * every component, `..` and symlink targets included, as if `dirfd` were `/`; atomically, so a symlink swapped in
 * meanwhile cannot lead out). Returns the new fd (the caller closes it).
 */
export function openat2(dirfd: number, path: string, flags: number, resolve: number): number {
  const c = load();
  const how = Buffer.alloc(24); // struct open_how { u64 flags; u64 mode; u64 resolve; }
  how.writeBigUInt64LE(BigInt(flags), 0);
  how.writeBigUInt64LE(BigInt(resolve), 16);
  for (;;) {
    const fd = c.syscall(SYS_OPENAT2, 'int', dirfd, 'const char *', path, 'void *', how, 'size_t', how.length);
    if (fd >= 0) return Number(fd);
    const e = c.errno();
    if (e !== 11 && e !== 4) throw new SyscallError('openat2', e, path); // EAGAIN (a rename raced it) / EINTR: again
  }
}

const SYS_MEMFD_CREATE = 319;
const SYS_FCNTL = 72;
export const MFD_CLOEXEC = 0x1;
export const MFD_ALLOW_SEALING = 0x2;
const F_ADD_SEALS = 1033;
/** F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE: nothing can change the file any more. */
export const ALL_SEALS = 0x1 | 0x2 | 0x4 | 0x8;

/** memfd_create(2): an anonymous file; returns its fd. */
export function memfdCreate(name: string, flags: number): number {
  const c = load();
  const fd = c.syscall(SYS_MEMFD_CREATE, 'const char *', name, 'unsigned int', flags);
  if (fd < 0) throw new SyscallError('memfd_create', c.errno(), name);
  return Number(fd);
}

/** fcntl(F_ADD_SEALS): seals a memfd (see ALL_SEALS). */
export function addSeals(fd: number, seals: number): void {
  const c = load();
  if (c.syscall(SYS_FCNTL, 'int', fd, 'int', F_ADD_SEALS, 'int', seals) < 0) throw new SyscallError('fcntl(F_ADD_SEALS)', c.errno(), `fd ${fd}`);
}

export const AT_FDCWD = -100;
export const AT_EMPTY_PATH = 0x1000;
export const AT_RECURSIVE = 0x8000;
export const OPEN_TREE_CLONE = 0x1;
export const MOUNT_ATTR_RDONLY = 0x1;
const MOVE_MOUNT_F_EMPTY_PATH = 0x4;
const MOVE_MOUNT_T_EMPTY_PATH = 0x40;
const SYS_OPEN_TREE = 428;
const SYS_MOVE_MOUNT = 429;
const SYS_MOUNT_SETATTR = 442;

/**
 * open_tree(2) with OPEN_TREE_CLONE: a detached copy of the mount at `path` (with AT_RECURSIVE, of its submounts
 * too: an rbind not attached anywhere yet). Returns its fd; the copy goes away when the fd is closed unattached.
 */
export function openTree(path: string, flags: number): number {
  const c = load();
  const fd = c.syscall(SYS_OPEN_TREE, 'int', AT_FDCWD, 'const char *', path, 'unsigned int', flags | O_CLOEXEC);
  if (fd < 0) throw new SyscallError('open_tree', c.errno(), path);
  return Number(fd);
}

/** mount_setattr(2) on the mount held by `fd` (recursively): set attributes (MOUNT_ATTR_*) and a propagation type (MS_PRIVATE…). */
export function mountSetattr(fd: number, options: { set: number; propagation: number; recursive: boolean }): void {
  const c = load();
  const attr = Buffer.alloc(32); // struct mount_attr { u64 attr_set; u64 attr_clr; u64 propagation; u64 userns_fd; }
  attr.writeBigUInt64LE(BigInt(options.set), 0);
  attr.writeBigUInt64LE(BigInt(options.propagation), 16);
  const flags = AT_EMPTY_PATH | (options.recursive ? AT_RECURSIVE : 0);
  if (c.syscall(SYS_MOUNT_SETATTR, 'int', fd, 'const char *', '', 'unsigned int', flags, 'void *', attr, 'size_t', attr.length) < 0) {
    throw new SyscallError('mount_setattr', c.errno(), `fd ${fd}`);
  }
}

/** move_mount(2): attaches the (detached) mount held by `fromFd` on the directory or file held by `toFd`. */
export function moveMount(fromFd: number, toFd: number): void {
  const c = load();
  const flags = MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH;
  if (c.syscall(SYS_MOVE_MOUNT, 'int', fromFd, 'const char *', '', 'int', toFd, 'const char *', '', 'unsigned int', flags) < 0) {
    throw new SyscallError('move_mount', c.errno(), `fd ${fromFd} onto fd ${toFd}`);
  }
}
