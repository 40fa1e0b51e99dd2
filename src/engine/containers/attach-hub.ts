// Fans a container's output out to attached clients and their stdin in, through conmon's attach socket
// (SOCK_SEQPACKET: each packet is one stream byte — 2 stdout, 3 stderr — and data).
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import { frame, STDOUT, STDERR } from '../../logs/docker-frames.js';

interface SeqSocket {
  connect(path: string, cb?: () => void): void;
  write(buf: Buffer, offset?: number, length?: number, cb?: () => void): void;
  end(cb?: () => void): void;
  destroy(): void;
  on(event: string, fn: (...args: any[]) => void): void;
  once(event: string, fn: (...args: any[]) => void): void;
}

let SeqpacketSocket: (new () => SeqSocket) | undefined;
function seqpacket(): new () => SeqSocket {
  if (!SeqpacketSocket) {
    const require = createRequire(import.meta.url);
    SeqpacketSocket = (require('node-unix-socket') as { SeqpacketSocket: new () => SeqSocket }).SeqpacketSocket;
  }
  return SeqpacketSocket;
}

export interface AttachClient {
  socket: Duplex;
  stdout: boolean;
  stderr: boolean;
  stdin: boolean;
  /** Raw stream (TTY) instead of multiplexed frames. */
  raw: boolean;
}

export class AttachHub {
  readonly #clients = new Set<AttachClient>();
  #conn: SeqSocket | undefined;
  #connected: Promise<void> | undefined;
  #ready = false;
  /** Stdin that arrived before conmon's socket was connected (clients attach before start). */
  #pendingStdin: Buffer[] = [];
  #pendingEnd = false;

  constructor(
    readonly socketPath: string,
    /** StdinOnce: the first stdin client's end closes the container's stdin. */
    readonly stdinOnce: boolean,
  ) {}

  get hasClients(): boolean {
    return this.#clients.size > 0;
  }
  get wantsStdin(): boolean {
    return [...this.#clients].some((c) => c.stdin);
  }

  /** Adds a client. Resolves when the client's connection is finished (container exit or client gone). */
  add(client: AttachClient): Promise<void> {
    this.#clients.add(client);
    return new Promise((resolve) => {
      const done = () => {
        this.#clients.delete(client);
        resolve();
      };
      client.socket.once('close', done);
      client.socket.on('error', done);
      if (client.stdin) {
        client.socket.on('data', (b: Buffer) => {
          if (this.#ready) this.#conn!.write(b);
          else this.#pendingStdin.push(b);
        });
        client.socket.once('end', () => {
          if (!this.stdinOnce) return;
          if (this.#ready) this.#conn!.end();
          else this.#pendingEnd = true;
        });
      } else {
        client.socket.on('data', () => {});
      }
    });
  }

  /** Connects to conmon's attach socket (once). Call after conmon created the container, before `runc start`. */
  connect(): Promise<void> {
    if (this.#connected) return this.#connected;
    this.#connected = new Promise<void>((resolve, reject) => {
      const Seq = seqpacket();
      const conn = new Seq();
      this.#conn = conn;
      conn.on('data', (packet: Buffer) => this.#deliver(packet));
      conn.once('end', () => this.#closeAll());
      conn.once('close', () => this.#closeAll());
      conn.on('error', (err: Error) => {
        reject(err);
        this.#closeAll();
      });
      try {
        conn.connect(this.socketPath, () => {
          this.#ready = true;
          for (const b of this.#pendingStdin) conn.write(b);
          this.#pendingStdin = [];
          if (this.#pendingEnd) conn.end();
          resolve();
        });
      } catch (err) {
        reject(err as Error);
      }
    });
    return this.#connected;
  }

  #deliver(packet: Buffer): void {
    if (packet.length < 1) return;
    const kind = packet[0] === 3 ? STDERR : STDOUT;
    const data = packet.subarray(1);
    if (data.length === 0) return;
    for (const c of this.#clients) {
      if ((kind === STDOUT && !c.stdout) || (kind === STDERR && !c.stderr)) continue;
      c.socket.write(c.raw ? data : frame(kind, data));
    }
  }

  /** The container is gone: flush and end every client, drop the connection. */
  #closeAll(): void {
    for (const c of this.#clients) c.socket.end();
    this.#clients.clear();
    this.#conn?.destroy();
    this.#conn = undefined;
    this.#connected = undefined;
    this.#ready = false;
    this.#pendingStdin = [];
    this.#pendingEnd = false;
  }

  /** Used when the container exits without conmon's socket ever being connected. */
  close(): void {
    this.#closeAll();
  }
}
