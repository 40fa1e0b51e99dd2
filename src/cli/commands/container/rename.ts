// berth rename: give a container a new name.
import type { CommandModule } from '../../command.js';
import { ApiError } from '../../client/api-error.js';
import { ExitCodeError } from '../../exit-code-error.js';
import { enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'container rename',
    usage: 'CONTAINER NEW_NAME',
    description: 'Rename a container',
    aliases: ['container rename', 'rename'],
    flags: [],
    args: { min: 2, max: 2 },
  },
  async run(ctx) {
    const [oldName, newName] = ctx.args.map((a) => a.trim()) as [string, string];
    if (!oldName || !newName) throw new ExitCodeError(1, 'Error: Neither old nor new names may be empty');
    try {
      await ctx.client().call('POST', `/containers/${enc(oldName)}/rename`, { query: { name: newName } });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      throw new ExitCodeError(1, `${err.toString()}\nError: failed to rename container named ${oldName}`);
    }
  },
};
