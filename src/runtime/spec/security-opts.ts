// Docker's --security-opt list: `seccomp=unconfined|<profile JSON>`, `no-new-privileges[=true|false]`,
// `apparmor=`/`label=` (accepted, nothing to apply on this machine). The CLI sends seccomp profiles inline
// (it reads the file), as docker does. Pure.
import { invalidArgument } from '../../errors.js';

export interface SecurityOpts {
  /** 'default': the daemon's profile; 'unconfined': none; else the profile's JSON text. */
  seccomp: 'default' | 'unconfined' | { profile: string };
  noNewPrivileges: boolean;
}

export function parseSecurityOpts(list: readonly string[] = []): SecurityOpts {
  const out: SecurityOpts = { seccomp: 'default', noNewPrivileges: false };
  for (const opt of list) {
    const i = opt.search(/[=:]/);
    const key = i < 0 ? opt : opt.slice(0, i);
    const value = i < 0 ? '' : opt.slice(i + 1);
    if (key === 'no-new-privileges') {
      if (value !== '' && value !== 'true' && value !== 'false') throw invalidArgument(`invalid --security-opt 2: "${opt}"`);
      out.noNewPrivileges = value !== 'false';
    } else if (key === 'seccomp') {
      if (value === 'unconfined') out.seccomp = 'unconfined';
      else if (value === '' ) throw invalidArgument(`invalid --security-opt 2: "${opt}"`);
      else if (value === 'builtin') out.seccomp = 'default';
      else out.seccomp = { profile: value };
    } else if (key === 'apparmor' || key === 'label' || key === 'systempaths' || key === 'writable-cgroups') {
      // nothing enforces these here (no AppArmor/SELinux); accepted as docker does when the LSM is absent
    } else {
      throw invalidArgument(`invalid --security-opt 1: "${opt}"`);
    }
  }
  return out;
}
