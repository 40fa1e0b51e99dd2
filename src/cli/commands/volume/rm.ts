// berth volume rm: remove volumes, printing each name removed; refused while a container uses one.
import type { CommandModule } from '../../command.js';
import { forEachRef, enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'volume rm',
    usage: '[OPTIONS] VOLUME [VOLUME...]',
    description: 'Remove one or more volumes',
    aliases: ['volume rm', 'volume remove'],
    flags: [{ name: 'force', short: 'f', type: '', usage: 'Force the removal of one or more volumes' }],
    args: { min: 1, max: Infinity },
  },
  async run(ctx) {
    const force = ctx.flags.bool('force');
    await forEachRef(ctx, ctx.args, (ref) => ctx.client().call('DELETE', `/volumes/${enc(ref)}`, { query: { force: force || undefined } }));
  },
};
