// berth container prune: remove every stopped container (asks first unless -f).
import type { CommandModule } from '../../command.js';
import { encodeFilters } from '../../client/engine-client.js';
import { printPruneReport } from '../prune-report.js';
import { confirm } from '../confirm.js';

export const command: CommandModule = {
  spec: {
    path: 'container prune',
    usage: '[OPTIONS]',
    description: 'Remove all stopped containers',
    flags: [
      { name: 'filter', type: 'filter', usage: 'Provide filter values (e.g. "until=<timestamp>")' },
      { name: 'force', short: 'f', type: '', usage: 'Do not prompt for confirmation' },
    ],
    args: { min: 0, max: 0 },
  },
  async run(ctx) {
    if (!ctx.flags.bool('force') && !(await confirm(ctx, 'WARNING! This will remove all stopped containers.'))) return;
    const r = await ctx.client().json<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/containers/prune', {
      query: { filters: encodeFilters(ctx.flags.list('filter')) },
    });
    printPruneReport(ctx, 'Deleted Containers', r.ContainersDeleted, r.SpaceReclaimed);
  },
};
