// berth start: start stopped containers; with -a, attach first and exit with the container's code (as run does).
import type { CommandModule } from '../../command.js';
import { forEachRef, enc } from '../for-each-ref.js';
import { attachContainer, proxySignals } from './attach-streams.js';
import { ExitCodeError } from '../../exit-code-error.js';
import { ApiError } from '../../client/api-error.js';

export const command: CommandModule = {
  spec: {
    path: 'container start',
    usage: '[OPTIONS] CONTAINER [CONTAINER...]',
    description: 'Start one or more stopped containers',
    aliases: ['container start', 'start'],
    flags: [
      { name: 'attach', short: 'a', type: '', usage: 'Attach STDOUT/STDERR and forward signals' },
      { name: 'checkpoint', type: 'string', usage: 'Restore from this checkpoint' },
      { name: 'checkpoint-dir', type: 'string', usage: 'Use a custom checkpoint storage directory' },
      { name: 'detach-keys', type: 'string', usage: 'Override the key sequence for detaching a container' },
      { name: 'interactive', short: 'i', type: '', usage: "Attach container's STDIN" },
    ],
    args: { min: 1, max: Infinity },
  },
  async run(ctx) {
    if (ctx.flags.has('checkpoint') || ctx.flags.has('checkpoint-dir')) throw new ExitCodeError(1, 'berth: checkpoints are not supported by berth yet');
    const attach = ctx.flags.bool('attach');
    const interactive = ctx.flags.bool('interactive');
    if (!attach && !interactive) {
      await forEachRef(ctx, ctx.args, (ref) => ctx.client().call('POST', `/containers/${enc(ref)}/start`), {
        summary: (failed) => `Error: failed to start containers: ${failed.join(', ')}`,
      });
      return;
    }
    if (ctx.args.length > 1) throw new ExitCodeError(1, 'you cannot start and attach multiple containers at once');
    const client = ctx.client();
    try {
      const c = await client.json<{ Id: string; Config: { OpenStdin?: boolean; Tty?: boolean } }>('GET', `/containers/${enc(ctx.args[0]!)}/json`);
      const attached = await attachContainer(ctx, c.Id, { stdin: interactive && c.Config.OpenStdin === true, stdout: true, stderr: true, tty: c.Config.Tty === true, detachKeys: ctx.flags.string('detach-keys') });
      const waitRes = await client.request('POST', `/containers/${c.Id}/wait`, { query: { condition: 'next-exit' } });
      await client.call('POST', `/containers/${c.Id}/start`);
      const stop = proxySignals(ctx, c.Id);
      try {
        if ((await attached.done) === 'detached') return 0;
        let text = '';
        for await (const chunk of waitRes) text += String(chunk);
        return (JSON.parse(text) as { StatusCode: number }).StatusCode;
      } finally {
        stop();
      }
    } catch (err) {
      if (err instanceof ApiError) throw new ExitCodeError(1, err.toString());
      throw err;
    }
  },
};
