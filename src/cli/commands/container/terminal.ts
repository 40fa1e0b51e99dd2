// The client's terminal around a TTY session (run -it, attach, exec -it): raw input while attached (the
// container's pty does the line editing and turns Ctrl-C into SIGINT), and the window size sent to the daemon
// at the start and on every SIGWINCH.
import { spawnSync } from 'node:child_process';
import type { CommandContext } from '../../command.js';

/** Puts stdin in raw mode when it is a terminal; returns the function that restores it. */
export function rawInput(ctx: CommandContext): () => void {
  const stdin = ctx.stdin;
  if (!stdin.isTTY) return () => {};
  stdin.setRawMode(true);
  // libuv's raw mode keeps output processing (\n -> \r\n); the container's pty already did that, so turn it off
  // as docker's raw terminal does (setRawMode(false) restores the saved original settings, this included).
  spawnSync('stty', ['-opost'], { stdio: ['inherit', 'ignore', 'ignore'] });
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdin.setRawMode(false);
  };
  process.once('exit', restore);
  return restore;
}

/** `[height, width]` of our terminal, for ConsoleSize. */
export function consoleSize(ctx: CommandContext): [number, number] | undefined {
  const out = ctx.stdout;
  return out.isTTY && out.rows > 0 && out.columns > 0 ? [out.rows, out.columns] : undefined;
}

/** Sends our size through `resize` now and whenever the terminal changes; returns the function that stops. */
export function monitorSize(ctx: CommandContext, resize: (height: number, width: number) => Promise<unknown>): () => void {
  const out = ctx.stdout;
  if (!out.isTTY) return () => {};
  const send = () => {
    if (out.rows > 0 && out.columns > 0) resize(out.rows, out.columns).catch(() => {});
  };
  send();
  out.on('resize', send);
  return () => out.off('resize', send);
}
