// Attached clients of one container. Output is what conmon writes to the container's k8s-file log from the
// moment of attaching (followed until the container exits, then drained), so ordering matches `docker logs` and
// nothing needs conmon's SOCK_SEQPACKET attach socket, which Node cannot open. Stdin goes to that socket
// through `socat` (one small process per stdin-attached client, only while the container runs).
import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import { readLogFrames } from '../../logs/k8s-file.js';
import { DetachWatcher } from '../../common/detach-keys.js';

export interface AttachClient {
  socket: Duplex;
  stdout: boolean;
  stderr: boolean;
  stdin: boolean;
  /** Raw stream (TTY) instead of multiplexed frames. */
  raw: boolean;
  /** Typing this sequence detaches the client (its connection ends; the container keeps running). */
  detachKeys?: Buffer;
}

interface Attached {
  client: AttachClient;
  abort: AbortController;
  stdinBuffer: Buffer[];
  stdinEnded: boolean;
  forwarder: ChildProcess | undefined;
  detached?: boolean;
}

export interface AttachHubOptions {
  socketPath: string;
  logPath: string;
  /** StdinOnce: the client's end of input closes the container's stdin. */
  stdinOnce: boolean;
  /** Resolves at the container's next exit. */
  nextExit: () => Promise<void>;
}

export class AttachHub {
  readonly #attached = new Set<Attached>();
  #running = false;

  constructor(readonly o: AttachHubOptions) {}

  get hasClients(): boolean {
    return this.#attached.size > 0;
  }

  /** The current end of the log: where an attach made now starts reading. */
  logOffset(): Promise<number> {
    return stat(this.o.logPath).then((s) => s.size, () => 0);
  }

  /** Adds a client; resolves when its stream is finished (container exit, or the client went away). */
  async add(client: AttachClient, fromOffset?: number): Promise<void> {
    const offset = fromOffset ?? (await this.logOffset());
    const a: Attached = { client, abort: new AbortController(), stdinBuffer: [], stdinEnded: false, forwarder: undefined };
    this.#attached.add(a);
    const { socket } = client;
    socket.once('close', () => a.abort.abort());
    socket.on('error', () => a.abort.abort());
    if (client.stdin) {
      const watcher = client.detachKeys ? new DetachWatcher(client.detachKeys) : undefined;
      socket.on('data', (chunk: Buffer) => {
        const b = watcher ? watcher.push(chunk) : chunk;
        if (b.length) {
          if (a.forwarder) a.forwarder.stdin!.write(b);
          else a.stdinBuffer.push(b);
        }
        if (watcher?.detached) {
          a.detached = true;
          a.abort.abort();
        }
      });
      socket.once('end', () => {
        if (a.detached) return;
        a.stdinEnded = true;
        if (this.o.stdinOnce) a.forwarder?.stdin!.end();
      });
      if (this.#running) this.#forwardStdin(a);
    } else socket.on('data', () => {});
    try {
      // frames (or raw bytes) built straight from the log's bytes: a chatty container costs berthd little
      const chunks = readLogFrames(this.o.logPath, {
        stdout: client.stdout,
        stderr: client.stderr,
        fromOffset: offset,
        follow: true,
        writerDone: this.o.nextExit(),
        signal: a.abort.signal,
        raw: client.raw,
      });
      for await (const chunk of chunks) {
        if (!socket.write(chunk)) await new Promise((resolve) => socket.once('drain', resolve));
      }
    } catch {
      // the client went away mid-stream
    } finally {
      this.#attached.delete(a);
      a.forwarder?.kill();
      socket.end();
    }
  }

  /** The container is running (conmon's attach socket exists): start forwarding stdin. */
  started(): void {
    this.#running = true;
    for (const a of this.#attached) if (a.client.stdin) this.#forwardStdin(a);
  }

  stopped(): void {
    this.#running = false;
  }

  #forwardStdin(a: Attached): void {
    if (a.forwarder) return;
    const child = spawn('socat', ['-t', '1', 'STDIN', `UNIX-CONNECT:${this.o.socketPath},type=5`], { stdio: ['pipe', 'ignore', 'ignore'] });
    a.forwarder = child;
    // socat ends with the container's run (or fails to connect): later input waits for the next start.
    child.on('exit', () => {
      if (a.forwarder === child) a.forwarder = undefined;
    });
    child.on('error', () => {});
    child.stdin!.on('error', () => {});
    for (const b of a.stdinBuffer) child.stdin!.write(b);
    a.stdinBuffer = [];
    if (a.stdinEnded && this.o.stdinOnce) child.stdin!.end();
  }

  /** Ends every client (start failed, or the container is being removed). */
  close(): void {
    for (const a of this.#attached) a.abort.abort();
  }
}
