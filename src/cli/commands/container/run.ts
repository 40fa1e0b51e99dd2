// berth run: create -> attach (unless -d) -> wait (next-exit, or removed with --rm) -> start -> the container's
// exit code. Failures before the container runs exit 125/126/127 as docker's do.
import type { CommandModule } from '../../command.js';
import { RUN_FLAGS } from './container-flags.js';
import { buildCreateRequest } from './create-request.js';
import { createContainer } from './create-container.js';
import { attachContainer, proxySignals, type Attached } from './attach-streams.js';
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
    if (f.bool('tty')) ctx.stderr.write('WARNING: berth cannot allocate a pseudo-TTY yet; running without one (-t ignored)\n');
    let id: string;
    let req;
    try {
      req = buildCreateRequest(f, RUN_FLAGS, ctx.args, process.env, detach);
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
      attached = await attachContainer(ctx, id, { ...attach, tty: false });
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
    const stopProxy = f.bool('sig-proxy') ? proxySignals(ctx, id) : () => {};
    try {
      if (attached) await attached.done;
      return await status;
    } finally {
      stopProxy();
    }
  },
};
