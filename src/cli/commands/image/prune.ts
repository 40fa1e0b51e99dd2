// berth image prune: remove dangling images (-a: every image no container uses); asks first unless -f.
import type { CommandModule } from '../../command.js';
import { encodeFilters } from '../../client/engine-client.js';
import { humanSize } from '../../render/human-size.js';
import { confirm } from '../confirm.js';

export const command: CommandModule = {
  spec: {
    path: 'image prune',
    usage: '[OPTIONS]',
    description: 'Remove unused images',
    flags: [
      { name: 'all', short: 'a', type: '', usage: 'Remove all unused images, not just dangling ones' },
      { name: 'filter', type: 'filter', usage: 'Provide filter values (e.g. "until=<timestamp>")' },
      { name: 'force', short: 'f', type: '', usage: 'Do not prompt for confirmation' },
    ],
    args: { min: 0, max: 0 },
  },
  async run(ctx) {
    const all = ctx.flags.bool('all');
    const warning = all ? 'WARNING! This will remove all images without at least one container associated to them.' : 'WARNING! This will remove all dangling images.';
    if (!ctx.flags.bool('force') && !(await confirm(ctx, warning))) return;
    const filters = ctx.flags.list('filter');
    filters.push(`dangling=${all ? 'false' : 'true'}`);
    const r = await ctx.client().json<{ ImagesDeleted: { Untagged?: string; Deleted?: string }[] | null; SpaceReclaimed: number }>('POST', '/images/prune', {
      query: { filters: encodeFilters(filters) },
    });
    let out = '';
    if (r.ImagesDeleted?.length) {
      out += 'Deleted Images:\n';
      for (const d of r.ImagesDeleted) out += d.Deleted ? `deleted: ${d.Deleted}\n` : `untagged: ${d.Untagged}\n`;
      out += '\n';
    }
    ctx.stdout.write(`${out}Total reclaimed space: ${humanSize(r.SpaceReclaimed ?? 0)}\n`);
  },
};
