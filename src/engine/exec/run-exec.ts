// Running a started exec: with pipes (multiplexed frames to the client), detached, or with a terminal (raw
// stream). Each resolves once the process has exited and `finish` has recorded its exit code, so a client that
// reads `/exec/{id}/json` after the stream ends sees the code.
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { watch } from 'node:fs';
import type { Duplex } from 'node:stream';
import { spawnRuncExec, startConmonExec } from '../../runtime/exec.js';
import { cleanRuntimeMessage, crunInRuncWords } from '../../runtime/conmon.js';
import { frame, STDOUT, STDERR } from '../../logs/docker-frames.js';
import { AttachHub } from '../containers/attach-hub.js';
import { exitCodeFor } from '../containers/start.js';
import { serverDetachKeys } from '../containers/attach.js';
import type { ContainerService } from '../containers/container-service.js';
import type { ContainerRecord } from '../containers/container-record.js';
import type { ExecRecord } from './exec-record.js';
import type { ExecTiming } from './exec-timing.js';

export interface ExecRun {
  svc: ContainerService;
  rec: ContainerRecord;
  exec: ExecRecord;
  finish(code: number): void;
  timing: ExecTiming;
}

const logTiming = (x: ExecRun) => x.svc.log.debug('exec timing', { container: x.rec.id, exec: x.exec.id, tty: x.exec.config.Tty, ms: x.timing.marks });

const runcOptions = (x: ExecRun, attach: boolean) => ({
  runc: x.svc.runtimeOf(x.rec).exec,
  runtimeRoot: x.svc.paths.runcRoot,
  containerId: x.rec.id,
  processPath: join(x.exec.dir, 'process.json'),
  pidFile: join(x.exec.dir, 'pidfile'),
  logPath: join(x.exec.dir, 'runc.log'),
  attach,
});

/** runc's own failure (the process never started): its message from the JSON log, or undefined. */
async function runtimeFailure(x: ExecRun): Promise<string | undefined> {
  const started = await readFile(join(x.exec.dir, 'pidfile'), 'utf8').then(() => true, () => false);
  if (started) return undefined;
  const log = await readFile(join(x.exec.dir, 'runc.log'), 'utf8').catch(() => '');
  const errors = log.split('\n').flatMap((l) => {
    try {
      const m = JSON.parse(l) as { level?: string; msg?: string };
      return m.level === 'error' && m.msg ? [m.msg] : [];
    } catch {
      return [];
    }
  });
  const last = errors.at(-1);
  return last === undefined ? undefined : crunInRuncWords(last);
}

async function exitCode(x: ExecRun, code: number | null, signal: NodeJS.Signals | null): Promise<number> {
  if (code === null) return 128 + (signal === 'SIGKILL' ? 9 : 15);
  if (code !== 0) {
    const failure = await runtimeFailure(x);
    if (failure) return exitCodeFor(failure);
  }
  return code;
}

export async function runDetached(x: ExecRun): Promise<void> {
  const child = spawnRuncExec(runcOptions(x, false));
  child.on('error', () => x.finish(126));
  child.on('exit', (code, signal) => void exitCode(x, code, signal).then((c) => x.finish(c)));
}

export async function runPiped(x: ExecRun, socket: Duplex): Promise<void> {
  const c = x.exec.config;
  // runc prints its own failure (the process never started) on the stderr the process would have had: hold
  // stderr back until runc has written the pid file (the process runs), so such a failure can be told apart and
  // reported in docker's words instead of runc's.
  let running = false;
  const heldErr: Buffer[] = [];
  const watcher = watch(x.exec.dir, (_e, file) => {
    if (String(file) === 'pidfile') markRunning();
  });
  watcher.on('error', () => {});
  const markRunning = () => {
    if (running) return;
    running = true;
    x.timing.mark('running');
    watcher.close();
    for (const b of heldErr.splice(0)) sendErr(b);
  };
  x.timing.mark('prepared');
  const child = spawnRuncExec(runcOptions(x, true));
  x.timing.mark('spawned');
  child.on('exit', () => x.timing.mark('exited'));
  const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
    child.on('error', () => resolve([126, null]));
    child.on('close', (code, signal) => resolve([code, signal]));
  });
  child.stdin!.on('error', () => {});
  if (c.AttachStdin) {
    socket.on('data', (b: Buffer) => child.stdin!.write(b));
    socket.once('end', () => child.stdin!.end());
  } else {
    child.stdin!.end();
    socket.on('data', () => {});
  }
  socket.on('error', () => {});
  // backpressure: a slow client pauses the process's output pipes (and so the process) instead of filling memory
  const send = (stream: number, wanted: boolean) => (b: Buffer) => {
    if (!wanted || socket.destroyed) return;
    if (!socket.write(frame(stream, b))) {
      child.stdout!.pause();
      child.stderr!.pause();
      socket.once('drain', () => {
        child.stdout!.resume();
        child.stderr!.resume();
      });
    }
  };
  socket.once('close', () => {
    child.stdout!.resume(); // the client is gone: drain and drop, so the process is never blocked on its output
    child.stderr!.resume();
  });
  const sendOut = send(STDOUT, c.AttachStdout);
  const sendErr = send(STDERR, c.AttachStderr);
  child.stdout!.on('data', (b: Buffer) => {
    markRunning();
    sendOut(b);
  });
  child.stderr!.on('data', (b: Buffer) => (running ? sendErr(b) : heldErr.push(b)));
  // The client going away does not stop the process (as in Docker); its output is dropped from then on.
  const [code, signal] = await closed;
  watcher.close();
  const failure = code !== 0 ? await runtimeFailure(x) : undefined;
  if (failure) sendErr(Buffer.from(`OCI runtime exec failed: ${failure}: unknown\n`));
  else for (const b of heldErr.splice(0)) sendErr(b);
  x.finish(failure ? exitCodeFor(failure) : await exitCode(x, code, signal));
  socket.end();
  x.timing.mark('ended');
  logTiming(x);
}

export async function runWithTerminal(x: ExecRun, socket: Duplex): Promise<void> {
  const { svc, exec } = x;
  const logPath = join(exec.dir, 'exec.log');
  x.timing.mark('prepared');
  const started = startConmonExec({
    conmon: svc.options.config.conmon,
    runtime: svc.runtimeOf(x.rec).exec,
    runtimeRoot: svc.paths.runcRoot,
    containerId: x.rec.id,
    execId: exec.id,
    bundle: exec.dir,
    processPath: join(exec.dir, 'process.json'),
    logPath,
    exitDir: exec.dir,
    socketDir: svc.paths.socketDir,
    stdin: exec.config.AttachStdin,
  });
  x.timing.mark('spawned');
  const hub = new AttachHub({ socketPath: join(svc.paths.socketDir, exec.id, 'attach'), logPath, stdinOnce: false, nextExit: () => exec.done });
  const streaming = hub.add({ socket, stdout: exec.config.AttachStdout, stderr: exec.config.AttachStderr, stdin: exec.config.AttachStdin, raw: true, detachKeys: serverDetachKeys(exec.config.DetachKeys) }, 0);
  try {
    exec.pid = await started.pid;
    x.timing.mark('running');
    hub.started();
    x.finish(await started.exit);
    x.timing.mark('exited');
  } catch (err) {
    const message = cleanRuntimeMessage(err instanceof Error ? err.message : String(err));
    if (!socket.destroyed) socket.write(`OCI runtime exec failed: ${message}: unknown\r\n`);
    await started.exit;
    x.finish(exitCodeFor(message));
  }
  await streaming;
  x.timing.mark('ended');
  logTiming(x);
}
