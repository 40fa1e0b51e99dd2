// Drives a command through a real pseudo-terminal (python3's pty module does the fork/openpty; no npm native
// module): the test types input, waits for output to match, resizes the terminal (the kernel sends SIGWINCH to the
// command, as a terminal emulator would) and gets the exit code. Output is kept whole so assertions can read it.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable, Readable } from 'node:stream';

const DRIVER = String.raw`
import os, pty, sys, fcntl, termios, struct, select, signal
rows, cols = int(sys.argv[1]), int(sys.argv[2])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[3], sys.argv[3:])
def setsize(r, c):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', r, c, 0, 0))
    try: os.killpg(os.tcgetpgrp(fd), signal.SIGWINCH)
    except OSError: pass
setsize(rows, cols)
ctl = b''
fds = [fd, 0, 3]
while True:
    try: r, _, _ = select.select(fds, [], [])
    except InterruptedError: continue
    if fd in r:
        try: data = os.read(fd, 65536)
        except OSError: data = b''
        if not data: break
        os.write(1, data)
    if 0 in r:
        data = os.read(0, 65536)
        if data: os.write(fd, data)
        else: fds.remove(0)
    if 3 in r:
        data = os.read(3, 4096)
        if not data: fds.remove(3); continue
        ctl += data
        while b'\n' in ctl:
            line, ctl = ctl.split(b'\n', 1)
            a = line.split()
            if a and a[0] == b'resize': setsize(int(a[1]), int(a[2]))
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, 'waitstatus_to_exitcode') else (status >> 8))
`;

export interface PtyOptions {
  env?: NodeJS.ProcessEnv;
  rows?: number;
  cols?: number;
}

export class PtySession {
  readonly #child: ChildProcess;
  #out = '';
  #waiters: Array<() => void> = [];
  readonly exited: Promise<number>;

  constructor(command: string, args: string[], o: PtyOptions = {}) {
    this.#child = spawn('python3', ['-c', DRIVER, String(o.rows ?? 24), String(o.cols ?? 80), command, ...args], {
      env: o.env ?? process.env,
      stdio: ['pipe', 'pipe', 'inherit', 'pipe'],
    });
    (this.#child.stdout as Readable).on('data', (b: Buffer) => {
      this.#out += b.toString('latin1');
      for (const w of this.#waiters.splice(0)) w();
    });
    this.#child.stdin!.on('error', () => {});
    (this.#child.stdio[3] as Writable).on('error', () => {});
    this.exited = new Promise((resolve) => this.#child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + 9 : -1))));
    void this.exited.then(() => {
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  /** Everything the terminal showed so far. */
  get output(): string {
    return this.#out;
  }

  /** Types into the terminal (raw bytes: '\x03' is Ctrl-C, '\x10\x11' ctrl-p ctrl-q). */
  send(text: string): void {
    this.#child.stdin!.write(Buffer.from(text, 'latin1'));
  }

  resize(rows: number, cols: number): void {
    (this.#child.stdio[3] as Writable).write(`resize ${rows} ${cols}\n`);
  }

  /** Waits until the output after `from` matches; rejects after `timeoutMs` with what was seen. */
  async expect(re: RegExp, timeoutMs = 10_000, from = 0): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = this.#out.slice(from).match(re);
      if (m) return m;
      if (this.#child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`timed out waiting for ${re} in terminal output: ${JSON.stringify(this.#out)}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(10, deadline - Date.now()));
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Resolves with the exit code, or kills the session after `timeoutMs`. */
  async wait(timeoutMs = 15_000): Promise<number> {
    const t = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(t);
    }
  }

  kill(): void {
    this.#child.kill('SIGKILL');
  }
}
