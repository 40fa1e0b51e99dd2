// berth unpause: unpause all processes within one or more containers (the cgroup freezer, through the daemon).
import type { CommandModule } from '../../command.js';
import { forEachRef, enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'container unpause',
    usage: 'CONTAINER [CONTAINER...]',
    description: 'Unpause all processes within one or more containers',
    aliases: ['container unpause', 'unpause'],
    flags: [],
    args: { min: 1, max: Infinity },
  },
  async run(ctx) {
    await forEachRef(ctx, ctx.args, (ref) => ctx.client().call('POST', `/containers/${enc(ref)}/unpause`));
  },
};
