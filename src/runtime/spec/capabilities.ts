// Docker's capability arithmetic (`--cap-add`, `--cap-drop`, `ALL`) over the default set. Pure.
import { invalidArgument } from '../../errors.js';

/** Docker's default set (moby's caps/defaults.go). */
export const DEFAULT_CAPABILITIES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID', 'CAP_SETUID',
  'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

/** Every capability Linux 5.9+ knows, in number order. */
export const ALL_CAPABILITIES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID', 'CAP_SETUID',
  'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW',
  'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD',
  'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL', 'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG',
  'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/** `net_admin`, `NET_ADMIN`, `CAP_NET_ADMIN` -> `CAP_NET_ADMIN`; `all` -> `ALL`. Unknown: Docker's error. */
function normalize(cap: string): string {
  const c = cap.trim().toUpperCase();
  if (c === 'ALL') return c;
  const name = c.startsWith('CAP_') ? c : `CAP_${c}`;
  if (!ALL_CAPABILITIES.includes(name)) throw invalidArgument(`unknown capability: "${name}"`);
  return name;
}

/** The container's capability set (bounding = effective = permitted), as Docker's TweakCapabilities computes it. */
export function capabilities(add: readonly string[] = [], drop: readonly string[] = [], privileged = false): string[] {
  if (privileged) return [...ALL_CAPABILITIES];
  const a = add.map(normalize);
  const d = drop.map(normalize);
  const uniq = (l: string[]) => [...new Set(l)];
  if (a.includes('ALL')) return ALL_CAPABILITIES.filter((c) => !d.includes(c));
  if (d.includes('ALL')) return uniq(a);
  // dropped first, then added: an added capability stays even when also dropped
  return uniq([...DEFAULT_CAPABILITIES.filter((c) => !d.includes(c)), ...a]);
}
