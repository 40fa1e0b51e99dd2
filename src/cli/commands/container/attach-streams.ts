// The client side of an attach: a hijacked connection to /containers/{id}/attach, our stdin copied in (half-
// closed at EOF so the container sees it), the multiplexed output demultiplexed to our stdout/stderr.
import type { Duplex } from 'node:stream';
import type { CommandContext } from '../../command.js';
import { demultiplex, copyRaw } from '../../client/stdcopy.js';

export interface AttachStreams {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export interface Attached {
  /** Resolves when the container's output has ended (or rejects with an in-band error). */
  done: Promise<void>;
  close(): void;
}

export async function attachContainer(ctx: CommandContext, id: string, s: AttachStreams, logs = false): Promise<Attached> {
  const socket: Duplex = await ctx.client().hijack(`/containers/${encodeURIComponent(id)}/attach`, {
    query: { stream: true, stdin: s.stdin, stdout: s.stdout, stderr: s.stderr, logs },
  });
  if (s.stdin) {
    ctx.stdin.on('data', (chunk: Buffer) => socket.write(chunk));
    ctx.stdin.once('end', () => socket.end());
    ctx.stdin.once('error', () => socket.end());
  }
  const done = (s.tty ? copyRaw(socket, ctx.stdout) : demultiplex(socket, ctx.stdout, ctx.stderr)).finally(() => {
    if (s.stdin) ctx.stdin.pause();
  });
  return {
    done,
    close: () => socket.destroy(),
  };
}

const PROXIED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/** docker's --sig-proxy: signals we receive are sent to the container. Returns the function that stops it. */
export function proxySignals(ctx: CommandContext, id: string): () => void {
  const handler = (sig: NodeJS.Signals) => {
    ctx.client().call('POST', `/containers/${encodeURIComponent(id)}/kill`, { query: { signal: sig } }).catch(() => {});
  };
  for (const s of PROXIED) process.on(s, handler);
  return () => {
    for (const s of PROXIED) process.off(s, handler);
  };
}
