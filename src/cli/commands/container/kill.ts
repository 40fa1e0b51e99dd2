// berth kill: send a signal (KILL by default) to running containers.
import type { CommandModule } from '../../command.js';
import { forEachRef, enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'container kill',
    usage: '[OPTIONS] CONTAINER [CONTAINER...]',
    description: 'Kill one or more running containers',
    aliases: ['container kill', 'kill'],
    flags: [{ name: 'signal', short: 's', type: 'string', usage: 'Signal to send to the container' }],
    args: { min: 1, max: Infinity },
  },
  async run(ctx) {
    const query = { signal: ctx.flags.string('signal') };
    await forEachRef(ctx, ctx.args, (ref) => ctx.client().call('POST', `/containers/${enc(ref)}/kill`, { query }));
  },
};
