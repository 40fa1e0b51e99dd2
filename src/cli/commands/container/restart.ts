// berth restart: stop (with the timeout) and start again.
import type { CommandModule } from '../../command.js';
import { forEachRef, enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'container restart',
    usage: '[OPTIONS] CONTAINER [CONTAINER...]',
    description: 'Restart one or more containers',
    aliases: ['container restart', 'restart'],
    flags: [
      { name: 'signal', short: 's', type: 'string', usage: 'Signal to send to the container' },
      { name: 'timeout', short: 't', type: 'int', usage: 'Seconds to wait before killing the container' },
    ],
    args: { min: 1, max: Infinity },
  },
  async run(ctx) {
    const query = { t: ctx.flags.int('timeout'), signal: ctx.flags.string('signal') };
    await forEachRef(ctx, ctx.args, (ref) => ctx.client().call('POST', `/containers/${enc(ref)}/restart`, { query }));
  },
};
