// The OCI runtime binary as a sealed memfd of the daemon's. runc 1.1 protects itself against CVE-2019-5736 by
// copying its own binary into a sealed memfd at every `runc init` (each container start and each exec: 8.7 MB
// here, ~3 ms); when it already runs from a fully sealed memfd it skips that copy (it checks the seals of
// /proc/self/exe), the protection being the same. berthd makes that copy once at start and runs the runtime as
// /proc/<berthd>/fd/<n>. A runtime upgraded on disk is picked up at berthd's next start.
import { readFile } from 'node:fs/promises';
import { close, write } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ALL_SEALS, MFD_ALLOW_SEALING, MFD_CLOEXEC, addSeals, memfdCreate } from '../common/syscalls.js';

const writeFd = promisify(write);
const closeFd = promisify(close);
const run = promisify(execFile);

/** The path to execute the runtime at (the copy), or undefined when the copy cannot be made or run (then the original is used). */
export async function sealedRuntimeCopy(path: string): Promise<string | undefined> {
  let fd: number | undefined;
  try {
    const bytes = await readFile(path);
    fd = memfdCreate('runc', MFD_CLOEXEC | MFD_ALLOW_SEALING);
    for (let off = 0; off < bytes.length; ) off += (await writeFd(fd, bytes, off, bytes.length - off)).bytesWritten;
    addSeals(fd, ALL_SEALS);
    const copy = `/proc/${process.pid}/fd/${fd}`;
    await run(copy, ['--version'], { timeout: 10_000 }); // a kernel that refuses to execute memfds (vm.memfd_noexec) keeps the original
    return copy;
  } catch {
    if (fd !== undefined) await closeFd(fd).catch(() => {});
    return undefined;
  }
}
