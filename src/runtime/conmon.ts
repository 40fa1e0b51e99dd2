// Starts conmon for a container: conmon runs `runc create`, holds the container's stdio, writes the k8s-file log
// and the exit file, and outlives berthd. The caller then runs `runc start`. (notes: building-blocks §2)
import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { constants } from 'node:fs';
import type { Readable, Writable } from 'node:stream';

export interface ConmonOptions {
  conmon: string;
  runtime: string;
  runtimeRoot: string;
  id: string;
  bundle: string;
  logPath: string;
  exitDir: string;
  persistDir: string;
  socketDir: string;
  /** Keep the container's stdin open for attach clients (`-i`). */
  stdin: boolean;
  /** Keep stdin open after the first attach client detaches. */
  leaveStdinOpen?: boolean;
  /** The process has a pseudo-terminal (spec `process.terminal`): conmon takes its master (`-t`). */
  terminal?: boolean;
}

/** Paths conmon and runc write for a container, all under its bundle dir. */
export const bundleFiles = (bundle: string) => ({
  pidfile: `${bundle}/pidfile`,
  conmonPidfile: `${bundle}/conmon.pid`,
  runtimeLog: `${bundle}/oci-log`,
  /** conmon's control FIFO: `<type> <height> <width>\n`, type 1 = resize the terminal, 2 = reopen the log. */
  ctl: `${bundle}/ctl`,
});

/** Resizes the container's terminal through conmon's control FIFO (conmon holds the pty master). */
export async function resizeTerminal(bundle: string, height: number, width: number): Promise<void> {
  // O_NONBLOCK: conmon keeps the FIFO open for reading, so the open succeeds at once or fails (ENXIO) if it is gone
  const fh = await open(bundleFiles(bundle).ctl, constants.O_WRONLY | constants.O_NONBLOCK);
  try {
    await fh.write(`1 ${height} ${width}\n`);
  } finally {
    await fh.close();
  }
}

/** Tells conmon to reopen its log file (after a rotation renamed it): it creates a fresh file at its log path. */
export async function reopenLog(bundle: string): Promise<void> {
  const fh = await open(bundleFiles(bundle).ctl, constants.O_WRONLY | constants.O_NONBLOCK);
  try {
    await fh.write('2 0 0\n');
  } finally {
    await fh.close();
  }
}

/** Spawns conmon and waits for `runc create` to finish. Resolves with the container's pid. */
export function startConmon(o: ConmonOptions): Promise<number> {
  const files = bundleFiles(o.bundle);
  const args = [
    '--api-version', '1', '-c', o.id, '-u', o.id, '-n', o.id,
    '-r', o.runtime, '--runtime-arg', `--root=${o.runtimeRoot}`,
    '--runtime-arg', '--log-format=json', '--runtime-arg', '--log', `--runtime-arg=${files.runtimeLog}`,
    '-b', o.bundle, '-p', files.pidfile, '--exit-dir', o.exitDir, '-0', o.persistDir,
    '-l', `k8s-file:${o.logPath}`, '--log-level', 'error', '--socket-dir-path', o.socketDir,
    '--conmon-pidfile', files.conmonPidfile, '--syslog=false',
    ...(o.stdin ? ['-i'] : []),
    ...(o.terminal ? ['-t'] : []),
    ...(o.leaveStdinOpen ? ['--leave-stdin-open'] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(o.conmon, args, {
      // conmon writes an `oom` marker into its working directory (besides the persist dir): keep it in the bundle
      cwd: o.bundle,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, _OCI_STARTPIPE: '3', _OCI_SYNCPIPE: '4' },
      detached: true,
    });
    const startPipe = child.stdio[3] as Writable;
    const syncPipe = child.stdio[4] as Readable;
    let stderr = '';
    let sync = '';
    let settled = false;
    const finish = (err: Error | undefined, pid?: number) => {
      if (settled) return;
      settled = true;
      // conmon keeps the sync pipe until the container exits: let go of everything so berthd does not wait on it.
      for (const s of [child.stdout, child.stderr, startPipe, syncPipe]) s?.destroy();
      child.unref();
      if (err) reject(err);
      else resolve(pid!);
    };
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stdout!.resume();
    child.on('error', (err) => finish(err));
    syncPipe.on('data', (b: Buffer) => {
      sync += b.toString();
      const nl = sync.indexOf('\n');
      if (nl < 0) return;
      let msg: { data?: number; message?: string };
      try {
        msg = JSON.parse(sync.slice(0, nl)) as typeof msg;
      } catch {
        finish(new Error(`conmon: unexpected sync message: ${sync}`));
        return;
      }
      if (typeof msg.data === 'number' && msg.data > 0) finish(undefined, msg.data);
      else finish(new Error(cleanRuntimeMessage(msg.message ?? `conmon failed: ${stderr}`)));
    });
    syncPipe.on('end', () => finish(new Error(`conmon exited before the container was created: ${stderr.trim() || 'no output'}`)));
    startPipe.on('error', () => {});
    syncPipe.on('error', () => {});
    startPipe.write('\0');
  });
}

/** `time="…" level=error msg="runc create failed: …"` -> the message, unescaped, in runc's words (crunInRuncWords). */
export function cleanRuntimeMessage(raw: string): string {
  const m = /msg="((?:[^"\\]|\\.)*)"/.exec(raw);
  const text = m ? m[1]!.replace(/\\(.)/g, '$1') : raw;
  return crunInRuncWords(text.trim());
}

/**
 * crun's messages for a command that cannot be run, as runc words them. The docker CLI picks its exit code from
 * that text (127 for "executable file not found" or "no such file or directory", 126 for "permission denied"),
 * case-sensitively; crun says "No such file or directory" and "Permission denied". Pure.
 */
export function crunInRuncWords(message: string): string {
  const missing = /executable file `([^`]*)` not found in \$PATH: No such file or directory/.exec(message);
  if (missing) {
    const cmd = missing[1]!;
    const runc = cmd.includes('/') ? `exec: "${cmd}": stat ${cmd}: no such file or directory` : `exec: "${cmd}": executable file not found in $PATH`;
    return message.replace(missing[0], runc);
  }
  return message.replace(/: Permission denied$/, ': permission denied').replace(/: No such file or directory$/, ': no such file or directory');
}
