// An exec instance (`POST /containers/{id}/exec`): what to run, and its run. Execs live in berthd's memory, as in
// Docker, and go when their container stops or is removed.
export interface ExecConfig {
  Cmd: string[];
  Env: string[];
  User: string;
  WorkingDir: string;
  Tty: boolean;
  AttachStdin: boolean;
  AttachStdout: boolean;
  AttachStderr: boolean;
  Privileged: boolean;
  DetachKeys: string;
  ConsoleSize?: { height: number; width: number };
}

export interface ExecRecord {
  id: string;
  containerId: string;
  config: ExecConfig;
  started: boolean;
  running: boolean;
  exitCode: number | null;
  pid: number;
  /** The exec's own directory (process.json, and with a terminal conmon's socket, FIFOs and log). */
  dir: string;
  /** Resolves when the process has exited and its exit code is recorded. */
  done: Promise<void>;
  markDone: () => void;
}

/** Docker's `GET /exec/{id}/json`. */
export function execView(e: ExecRecord): Record<string, unknown> {
  const [entrypoint, ...args] = e.config.Cmd;
  return {
    ID: e.id,
    Running: e.running,
    ExitCode: e.exitCode,
    ProcessConfig: { tty: e.config.Tty, entrypoint: entrypoint ?? '', arguments: args, privileged: e.config.Privileged, user: e.config.User },
    OpenStdin: e.config.AttachStdin,
    OpenStderr: e.config.AttachStderr,
    OpenStdout: e.config.AttachStdout,
    CanRemove: false,
    ContainerID: e.containerId,
    DetachKeys: e.config.DetachKeys,
    Pid: e.pid,
  };
}
