// berth network rm: remove networks, printing each name removed; refused while containers use one.
import type { CommandModule } from '../../command.js';
import { ApiError } from '../../client/api-error.js';
import { ExitCodeError } from '../../exit-code-error.js';
import { enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'network rm',
    usage: 'NETWORK [NETWORK...]',
    description: 'Remove one or more networks',
    aliases: ['network rm', 'network remove'],
    flags: [{ name: 'force', short: 'f', type: '', usage: 'Do not error if the network does not exist' }],
    args: { min: 1, max: Infinity },
  },
  async run(ctx) {
    const errors: string[] = [];
    for (const ref of ctx.args) {
      try {
        await ctx.client().call('DELETE', `/networks/${enc(ref)}`);
        ctx.stdout.write(`${ref}\n`);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        if (ctx.flags.bool('force') && err.status === 404) continue;
        errors.push(err.toString());
      }
    }
    if (errors.length > 0) throw new ExitCodeError(1, errors.join('\n'));
  },
};
