// Running an extra process in a container (`docker exec`). Two mechanisms, one per stdio kind:
// - without a terminal, `runc exec --process` runs as berthd's child with plain pipes: the quickest path (no
//   monitor process, no log file), stdout and stderr stay apart, and closing the pipe closes the process's stdin;
// - with a terminal, conmon (`--exec --sync`) holds the pty master, since berthd cannot receive a master fd from
//   runc's console socket (Node has no SCM_RIGHTS). The output goes to a k8s-file log read like a container's,
//   stdin goes in through conmon's attach socket, and resizes through its control FIFO; with `--sync` conmon stays
//   berthd's child and exits with the process's exit code.
import type { Readable, Writable } from 'node:stream';
import { cleanRuntimeMessage } from './conmon.js';
import { lightSpawn, type LightChild } from '../common/proc/light-spawn.js';

export interface RuncExecOptions {
  runc: string;
  runtimeRoot: string;
  containerId: string;
  processPath: string;
  pidFile: string;
  /** Runtime errors (exec failed) go here, as JSON lines, not into the process's stderr. */
  logPath: string;
  /** Pipes for stdio; without, the process gets /dev/null (docker exec -d). */
  attach: boolean;
}

/** runc exec, spawned without copying berthd (common/proc/light-spawn.ts): this is on every `docker exec`'s path. */
export function spawnRuncExec(o: RuncExecOptions): LightChild {
  const args = ['--root', o.runtimeRoot, '--log-format', 'json', '--log', o.logPath, 'exec', '--process', o.processPath, '--pid-file', o.pidFile, o.containerId];
  return lightSpawn(o.runc, args, { stdio: o.attach ? 'pipe' : 'ignore' });
}

export interface ConmonExecOptions {
  conmon: string;
  runtime: string;
  runtimeRoot: string;
  containerId: string;
  execId: string;
  /** A directory of the exec's own: attach socket, ctl FIFO, pidfile. */
  bundle: string;
  processPath: string;
  logPath: string;
  exitDir: string;
  socketDir: string;
  stdin: boolean;
}

export interface ConmonExec {
  child: LightChild;
  /** The process's pid once runc started it; rejects with runc's message if it could not be started. */
  pid: Promise<number>;
  /** The process's exit code. */
  exit: Promise<number>;
}

export function startConmonExec(o: ConmonExecOptions): ConmonExec {
  const args = [
    '--api-version', '1', '-c', o.containerId, '-u', o.execId, '-n', o.execId,
    '-r', o.runtime, '--runtime-arg', `--root=${o.runtimeRoot}`,
    '-b', o.bundle, '-p', `${o.bundle}/pidfile`, '--exit-dir', o.exitDir, '-0', o.bundle,
    '-l', `k8s-file:${o.logPath}`, '--log-level', 'error', '--socket-dir-path', o.socketDir, '--syslog=false',
    '--exec', '--exec-process-spec', o.processPath, '--sync', '-t', ...(o.stdin ? ['-i', '--leave-stdin-open'] : []),
  ];
  const child = lightSpawn(o.conmon, args, {
    cwd: o.bundle,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, _OCI_STARTPIPE: '3', _OCI_SYNCPIPE: '4' },
  });
  const startPipe = child.stdio[3] as Writable;
  const syncPipe = child.stdio[4] as Readable;
  startPipe.on('error', () => {});
  syncPipe.on('error', () => {});
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const exit = new Promise<number>((resolve) => {
    child.on('error', () => resolve(126));
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15)));
  });
  const pid = new Promise<number>((resolve, reject) => {
    let sync = '';
    syncPipe.on('data', (b: Buffer) => {
      sync += b.toString();
      const nl = sync.indexOf('\n');
      if (nl < 0) return;
      try {
        const msg = JSON.parse(sync.slice(0, nl)) as { data?: number; message?: string };
        if (typeof msg.data === 'number' && msg.data > 0) resolve(msg.data);
        else reject(new Error(cleanRuntimeMessage(msg.message ?? (stderr.trim() || 'exec failed'))));
      } catch {
        reject(new Error(`conmon: unexpected sync message: ${sync}`));
      }
    });
    syncPipe.on('end', () => reject(new Error(`conmon exited before the exec started: ${stderr.trim() || 'no output'}`)));
  });
  pid.catch(() => {});
  startPipe.write('\0');
  return { child, pid, exit };
}
