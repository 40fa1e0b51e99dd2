// berth network prune: remove the user networks no container uses; asks first unless -f.
import type { CommandModule } from '../../command.js';
import { encodeFilters } from '../../client/engine-client.js';
import { confirm } from '../confirm.js';

export const command: CommandModule = {
  spec: {
    path: 'network prune',
    usage: '[OPTIONS]',
    description: 'Remove all unused networks',
    flags: [
      { name: 'filter', type: 'filter', usage: 'Provide filter values (e.g. "until=<timestamp>")' },
      { name: 'force', short: 'f', type: '', usage: 'Do not prompt for confirmation' },
    ],
    args: { min: 0, max: 0 },
  },
  async run(ctx) {
    if (!ctx.flags.bool('force') && !(await confirm(ctx, 'WARNING! This will remove all custom networks not used by at least one container.'))) return;
    const r = await ctx.client().json<{ NetworksDeleted: string[] | null }>('POST', '/networks/prune', { query: { filters: encodeFilters(ctx.flags.list('filter')) } });
    if (r.NetworksDeleted?.length) ctx.stdout.write(`Deleted Networks:\n${r.NetworksDeleted.map((n) => `${n}\n`).join('')}`);
  },
};
