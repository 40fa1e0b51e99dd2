// berth run: create -> attach (unless -d) -> wait (next-exit, or removed with --rm) -> start -> the container's
// exit code. Failures before the container runs exit 125/126/127 as docker's do.
import type { CommandModule } from '../../command.js';
import { RUN_FLAGS } from './container-flags.js';
import { buildCreateRequest } from './create-request.js';
import { createContainer } from './create-container.js';
import { attachContainer, detachKeysOf, proxySignals, type Attached } from './attach-streams.js';
import { ExitCodeError } from '../../exit-code-error.js';
import { consoleSize, monitorSize } from './terminal.js';
import { toStatusError } from './run-errors.js';

export const command: CommandModule = {
  spec: {
    path: 'container run',
    usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
    description: 'Create and run a new container from an image',
    aliases: ['container run', 'run'],
    flags: RUN_FLAGS,
    args: { min: 1, max: Infinity },
    interspersed: false,
  },
  async run(ctx) {
    const f = ctx.flags;
    const detach = f.bool('detach');
    const tty = f.bool('tty');
    if (tty && f.bool('interactive') && !detach && !ctx.stdin.isTTY) throw new ExitCodeError(1, 'the input device is not a TTY');
    const detachKeys = f.string('detach-keys');
    detachKeysOf({ tty, detachKeys });
    let id: string;
    let req;
    try {
      req = buildCreateRequest(f, RUN_FLAGS, ctx.args, process.env, detach);
      const size = tty ? consoleSize(ctx) : undefined;
      if (size) (req.body.HostConfig as Record<string, unknown>).ConsoleSize = size;
      id = await createContainer(ctx, req, f.string('pull'));
    } catch (err) {
      throw toStatusError(err, ctx.bin, 'run');
    }
    const client = ctx.client();
    const path = `/containers/${id}`;
    if (detach) {
      try {
        await client.call('POST', `${path}/start`);
      } catch (err) {
        throw toStatusError(err, ctx.bin, 'run');
      }
      ctx.stdout.write(`${id}\n`);
      return 0;
    }
    let attached: Attached | undefined;
    const { attach } = req;
    if (attach.stdin || attach.stdout || attach.stderr) {
      attached = await attachContainer(ctx, id, { ...attach, tty, detachKeys });
    }
    // Ask for the exit before starting, so a quick exit (or the --rm removal) cannot be missed.
    const condition = f.bool('rm') ? 'removed' : 'next-exit';
    const waitRes = await client.request('POST', `${path}/wait`, { query: { condition } });
    const status = (async () => {
      let text = '';
      for await (const chunk of waitRes) text += String(chunk);
      const r = JSON.parse(text) as { StatusCode: number; Error?: { Message?: string } | null };
      if (r.Error?.Message) ctx.stderr.write(`${r.Error.Message}\n`);
      return r.StatusCode;
    })();
    status.catch(() => {}); // consumed below; abandoned when the start fails
    try {
      await client.call('POST', `${path}/start`);
    } catch (err) {
      attached?.close();
      waitRes.destroy();
      if (f.bool('rm')) await client.call('DELETE', path, { query: { force: true } }).catch(() => {});
      throw toStatusError(err, ctx.bin, 'run');
    }
    // with a TTY, Ctrl-C travels as a byte to the container's terminal: no signal proxy (as docker)
    const stopProxy = f.bool('sig-proxy') && !tty ? proxySignals(ctx, id) : () => {};
    const stopResize = tty ? monitorSize(ctx, (h, w) => client.call('POST', `${path}/resize`, { query: { h, w } })) : () => {};
    try {
      if (attached && (await attached.done) === 'detached') {
        waitRes.destroy();
        return 0;
      }
      return await status;
    } finally {
      stopProxy();
      stopResize();
    }
  },
};
