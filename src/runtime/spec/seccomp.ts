// A seccomp profile in Docker's format (containers-common's /usr/share/containers/seccomp.json, the same shape as
// moby's default profile) -> the OCI spec's linux.seccomp for this machine's architecture and the container's
// capabilities (entries are kept or left out by their includes/excludes on caps and arches). Pure.
import { invalidArgument } from '../../errors.js';

export interface DockerSyscall {
  names?: string[];
  name?: string;
  action: string;
  errnoRet?: number;
  args?: unknown[] | null;
  includes?: { caps?: string[]; arches?: string[] };
  excludes?: { caps?: string[]; arches?: string[] };
}

export interface DockerSeccompProfile {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures?: string[];
  archMap?: Array<{ architecture: string; subArchitectures?: string[] | null }>;
  syscalls?: DockerSyscall[];
}

/** Node's process.arch -> Docker's (Go) arch name and libseccomp's. */
const ARCHES: Record<string, { go: string; scmp: string }> = {
  x64: { go: 'amd64', scmp: 'SCMP_ARCH_X86_64' },
  arm64: { go: 'arm64', scmp: 'SCMP_ARCH_AARCH64' },
  s390x: { go: 's390x', scmp: 'SCMP_ARCH_S390X' },
  ppc64: { go: 'ppc64le', scmp: 'SCMP_ARCH_PPC64LE' },
  riscv64: { go: 'riscv64', scmp: 'SCMP_ARCH_RISCV64' },
};

export function parseSeccompProfile(text: string): DockerSeccompProfile {
  let p: DockerSeccompProfile;
  try {
    p = JSON.parse(text) as DockerSeccompProfile;
  } catch (err) {
    throw invalidArgument(`Decoding seccomp profile failed: ${(err as Error).message}`);
  }
  if (!p || typeof p.defaultAction !== 'string') throw invalidArgument('Decoding seccomp profile failed: missing defaultAction');
  return p;
}

export function ociSeccomp(p: DockerSeccompProfile, caps: readonly string[], arch: string = process.arch): Record<string, unknown> {
  const a = ARCHES[arch];
  const goArch = a?.go ?? arch;
  const architectures = p.architectures?.length
    ? p.architectures
    : (() => {
        const m = p.archMap?.find((x) => x.architecture === a?.scmp);
        return m ? [m.architecture, ...(m.subArchitectures ?? [])] : [];
      })();
  const syscalls = [];
  for (const s of p.syscalls ?? []) {
    const inc = s.includes ?? {};
    const exc = s.excludes ?? {};
    if (inc.arches?.length && !inc.arches.includes(goArch)) continue;
    if (exc.arches?.length && exc.arches.includes(goArch)) continue;
    if (inc.caps?.length && !inc.caps.every((c) => caps.includes(c))) continue;
    if (exc.caps?.length && exc.caps.some((c) => caps.includes(c))) continue;
    const names = s.names ?? (s.name ? [s.name] : []);
    if (!names.length) continue;
    syscalls.push({
      names,
      action: s.action,
      ...(s.errnoRet !== undefined ? { errnoRet: s.errnoRet } : {}),
      ...(s.args?.length ? { args: s.args } : {}),
    });
  }
  return {
    defaultAction: p.defaultAction,
    ...(p.defaultErrnoRet !== undefined ? { defaultErrnoRet: p.defaultErrnoRet } : {}),
    ...(architectures.length ? { architectures } : {}),
    syscalls,
  };
}
