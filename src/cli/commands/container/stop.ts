// berth stop: SIGTERM (or the container's stop signal), then SIGKILL after the timeout.
import type { CommandModule } from '../../command.js';
import { forEachRef, enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'container stop',
    usage: '[OPTIONS] CONTAINER [CONTAINER...]',
    description: 'Stop one or more running containers',
    aliases: ['container stop', 'stop'],
    flags: [
      { name: 'signal', short: 's', type: 'string', usage: 'Signal to send to the container' },
      { name: 'timeout', short: 't', type: 'int', usage: 'Seconds to wait before killing the container' },
    ],
    args: { min: 1, max: Infinity },
  },
  async run(ctx) {
    const query = { t: ctx.flags.int('timeout'), signal: ctx.flags.string('signal') };
    await forEachRef(ctx, ctx.args, (ref) => ctx.client().call('POST', `/containers/${enc(ref)}/stop`, { query }));
  },
};
