// Docker's default seccomp profile, derived from containers-common's (Debian's golang-github-containers-common,
// /usr/share/containers/seccomp.json) by the documented differences between the two: containers-common allows
// namespace and mount syscalls unconditionally (podman relies on capabilities and user namespaces), Docker's only
// with CAP_SYS_ADMIN; Docker refuses the kernel keyring (keyctl, add_key, request_key) and, without
// CAP_SYS_ADMIN, clone with CLONE_NEW* flags and clone3; its default errno is EPERM. Pure data transform.
import type { DockerSeccompProfile } from './seccomp.js';

/** Allowed only with CAP_SYS_ADMIN in Docker's profile. */
const SYS_ADMIN_ONLY = [
  'bpf', 'fanotify_init', 'fsconfig', 'fsmount', 'fsopen', 'fspick', 'lookup_dcookie', 'mount', 'mount_setattr', 'move_mount',
  'open_tree', 'perf_event_open', 'quotactl', 'quotactl_fd', 'setdomainname', 'sethostname', 'setns', 'syslog', 'umount',
  'umount2', 'unshare', 'clone', 'clone3',
];
/** Not allowed at all. */
const REFUSED = ['keyctl', 'add_key', 'request_key'];

/** CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET: clone without any of them is fine. */
const CLONE_NAMESPACE_FLAGS = 0x7e020000;

export function dockerDefaultProfile(base: DockerSeccompProfile): DockerSeccompProfile {
  const gated = new Set([...SYS_ADMIN_ONLY, ...REFUSED]);
  const syscalls = (base.syscalls ?? []).map((s) => {
    const unconditional = s.action === 'SCMP_ACT_ALLOW' && !s.includes?.caps?.length && !s.excludes?.caps?.length;
    if (!unconditional) return s;
    return { ...s, names: (s.names ?? []).filter((n) => !gated.has(n)) };
  }).filter((s) => (s.names ?? [s.name]).length > 0);
  syscalls.push(
    { names: SYS_ADMIN_ONLY, action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN'] } },
    {
      names: ['clone'], action: 'SCMP_ACT_ALLOW',
      args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
      excludes: { caps: ['CAP_SYS_ADMIN'], arches: ['s390', 's390x'] },
    },
    { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38, excludes: { caps: ['CAP_SYS_ADMIN'] } },
  );
  return { ...base, defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 1, syscalls };
}
