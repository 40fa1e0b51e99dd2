// berth volume prune: remove unused anonymous volumes (-a: every unused volume); asks first unless -f.
import type { CommandModule } from '../../command.js';
import { encodeFilters } from '../../client/engine-client.js';
import { printPruneReport } from '../prune-report.js';
import { confirm } from '../confirm.js';

export const command: CommandModule = {
  spec: {
    path: 'volume prune',
    usage: '[OPTIONS]',
    description: 'Remove unused local volumes',
    flags: [
      { name: 'all', short: 'a', type: '', usage: 'Remove all unused volumes, not just anonymous ones' },
      { name: 'filter', type: 'filter', usage: 'Provide filter values (e.g. "label=<label>")' },
      { name: 'force', short: 'f', type: '', usage: 'Do not prompt for confirmation' },
    ],
    args: { min: 0, max: 0 },
  },
  async run(ctx) {
    const all = ctx.flags.bool('all');
    const warning = all ? 'WARNING! This will remove all local volumes not used by at least one container.' : 'WARNING! This will remove anonymous local volumes not used by at least one container.';
    if (!ctx.flags.bool('force') && !(await confirm(ctx, warning))) return;
    const filters = ctx.flags.list('filter');
    if (all) filters.push('all=true');
    const r = await ctx.client().json<{ VolumesDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/volumes/prune', { query: { filters: encodeFilters(filters) } });
    printPruneReport(ctx, 'Deleted Volumes', r.VolumesDeleted, r.SpaceReclaimed);
  },
};
