// berth network disconnect: a container leaves a network.
import type { CommandModule } from '../../command.js';
import { enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'network disconnect',
    usage: '[OPTIONS] NETWORK CONTAINER',
    description: 'Disconnect a container from a network',
    flags: [{ name: 'force', short: 'f', type: '', usage: 'Force the container to disconnect from a network' }],
    args: { min: 2, max: 2 },
  },
  async run(ctx) {
    const [network, container] = ctx.args as [string, string];
    await ctx.client().call('POST', `/networks/${enc(network)}/disconnect`, { body: { Container: container, Force: ctx.flags.bool('force') } });
  },
};
