// berth network connect / disconnect: a container joins (with aliases, a static address) or leaves a network.
import type { CommandModule } from '../../command.js';
import { enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'network connect',
    usage: '[OPTIONS] NETWORK CONTAINER',
    description: 'Connect a container to a network',
    flags: [
      { name: 'alias', type: 'strings', usage: 'Add network-scoped alias for the container' },
      { name: 'ip', type: 'string', usage: 'IPv4 address (e.g., "172.30.100.104")' },
    ],
    args: { min: 2, max: 2 },
  },
  async run(ctx) {
    const [network, container] = ctx.args as [string, string];
    const ip = ctx.flags.string('ip');
    await ctx.client().call('POST', `/networks/${enc(network)}/connect`, {
      body: { Container: container, EndpointConfig: { Aliases: ctx.flags.list('alias'), ...(ip ? { IPAMConfig: { IPv4Address: ip } } : {}) } },
    });
  },
};
