// Where Debian installs the OCI runtimes Berth knows: the daemon's default is the first one present
// (config.ts), and the others present are kept beside it (runtime/runtime-binary.ts).
export const CRUN_PATH = '/usr/bin/crun';
export const RUNC_PATH = '/usr/sbin/runc';
export const KNOWN_RUNTIMES = [CRUN_PATH, RUNC_PATH];
