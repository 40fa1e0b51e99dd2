// The client side of an attach or exec: a hijacked connection, our stdin copied in (half-closed at EOF so the
// process sees it; with a TTY watched for the detach keys), the output to our stdout/stderr (raw with a TTY,
// demultiplexed without).
import type { Duplex } from 'node:stream';
import type { CommandContext } from '../../command.js';
import { demultiplex, copyRaw } from '../../client/stdcopy.js';
import { ExitCodeError } from '../../exit-code-error.js';
import { DEFAULT_DETACH_KEYS, DetachWatcher, parseDetachKeys } from '../../../common/detach-keys.js';
import { rawInput } from './terminal.js';

export interface AttachStreams {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
  /** `--detach-keys`; docker's default when undefined. Only a TTY session watches for them (as docker does). */
  detachKeys?: string;
}

export interface Attached {
  /** Resolves when the output has ended, or the user typed the detach keys (or rejects with an in-band error). */
  done: Promise<'ended' | 'detached'>;
  close(): void;
}

export async function attachContainer(ctx: CommandContext, id: string, s: AttachStreams, logs = false): Promise<Attached> {
  const keys = detachKeysOf(s);
  const socket: Duplex = await ctx.client().hijack(`/containers/${encodeURIComponent(id)}/attach`, {
    query: { stream: true, stdin: s.stdin, stdout: s.stdout, stderr: s.stderr, logs, detachKeys: s.detachKeys },
  });
  return attachStreams(ctx, socket, s, keys);
}

/** Checks `--detach-keys` before anything is created or started (docker exits 125... after a usage error). */
export function detachKeysOf(s: { tty: boolean; detachKeys?: string }): Buffer | undefined {
  if (!s.tty) return undefined;
  try {
    return parseDetachKeys(s.detachKeys || DEFAULT_DETACH_KEYS);
  } catch (err) {
    throw new ExitCodeError(125, `Invalid detach keys (${s.detachKeys}) provided: ${(err as Error).message}`);
  }
}

/** Joins our stdio to a hijacked connection. */
export function attachStreams(ctx: CommandContext, socket: Duplex, s: AttachStreams, keys = detachKeysOf(s)): Attached {
  let onDetach = () => {};
  const detached = new Promise<'detached'>((resolve) => (onDetach = () => resolve('detached')));
  const restore = s.tty && s.stdin ? rawInput(ctx) : () => {};
  const onData = (chunk: Buffer) => {
    if (!keys) {
      socket.write(chunk);
      return;
    }
    const watcher = (watch ??= new DetachWatcher(keys));
    const out = watcher.push(chunk);
    if (out.length) socket.write(out);
    if (watcher.detached) {
      ctx.stdin.off('data', onData);
      onDetach();
    }
  };
  let watch: DetachWatcher | undefined;
  if (s.stdin) {
    ctx.stdin.on('data', onData);
    ctx.stdin.once('end', () => socket.end());
    ctx.stdin.once('error', () => socket.end());
  }
  const output = (s.tty ? copyRaw(socket, ctx.stdout) : demultiplex(socket, ctx.stdout, ctx.stderr)).then(() => 'ended' as const);
  const done = Promise.race([output, detached]).finally(() => {
    restore();
    if (s.stdin) {
      ctx.stdin.off('data', onData);
      ctx.stdin.pause();
    }
  });
  void done.then((how) => {
    if (how === 'detached') socket.destroy();
  }, () => {});
  output.catch(() => {});
  return { done, close: () => socket.destroy() };
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
