// berth system prune: what docker's CLI does — stopped containers, unused networks, dangling (-a: unused) images,
// with --volumes the unused anonymous volumes, and the build cache — one prune call each, then the total.
import type { CommandModule } from '../../command.js';
import { encodeFilters } from '../../client/engine-client.js';
import { humanSize } from '../../render/human-size.js';
import { confirm } from '../confirm.js';

export const command: CommandModule = {
  spec: {
    path: 'system prune',
    usage: '[OPTIONS]',
    description: 'Remove unused data',
    flags: [
      { name: 'all', short: 'a', type: '', usage: 'Remove all unused images not just dangling ones' },
      { name: 'filter', type: 'filter', usage: 'Provide filter values (e.g. "label=<key>=<value>")' },
      { name: 'force', short: 'f', type: '', usage: 'Do not prompt for confirmation' },
      { name: 'volumes', type: '', usage: 'Prune anonymous volumes' },
    ],
    args: { min: 0, max: 0 },
  },
  async run(ctx) {
    const f = ctx.flags;
    const all = f.bool('all');
    const volumes = f.bool('volumes');
    const warning = [
      'WARNING! This will remove:',
      '  - all stopped containers',
      '  - all networks not used by at least one container',
      ...(volumes ? ['  - all anonymous volumes not used by at least one container'] : []),
      all ? '  - all images without at least one container associated to them' : '  - all dangling images',
      all ? '  - all build cache' : '  - unused build cache',
      '',
    ].join('\n');
    if (!f.bool('force') && !(await confirm(ctx, warning))) return;
    const client = ctx.client();
    const filters = f.list('filter');
    const q = (extra: string[] = []) => ({ query: { filters: encodeFilters([...filters, ...extra]) } });
    let space = 0;
    let out = '';
    const c = await client.json<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/containers/prune', q());
    if (c.ContainersDeleted?.length) out += `Deleted Containers:\n${c.ContainersDeleted.join('\n')}\n\n`;
    space += c.SpaceReclaimed ?? 0;
    const n = await client.json<{ NetworksDeleted: string[] | null }>('POST', '/networks/prune', q());
    if (n.NetworksDeleted?.length) out += `Deleted Networks:\n${n.NetworksDeleted.join('\n')}\n\n`;
    if (volumes) {
      const v = await client.json<{ VolumesDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/volumes/prune', q());
      if (v.VolumesDeleted?.length) out += `Deleted Volumes:\n${v.VolumesDeleted.join('\n')}\n\n`;
      space += v.SpaceReclaimed ?? 0;
    }
    const i = await client.json<{ ImagesDeleted: Array<{ Untagged?: string; Deleted?: string }> | null; SpaceReclaimed: number }>('POST', '/images/prune', q([`dangling=${all ? 'false' : 'true'}`]));
    if (i.ImagesDeleted?.length) out += `Deleted Images:\n${i.ImagesDeleted.map((d) => (d.Deleted ? `deleted: ${d.Deleted}` : `untagged: ${d.Untagged}`)).join('\n')}\n\n`;
    space += i.SpaceReclaimed ?? 0;
    ctx.stdout.write(`${out}Total reclaimed space: ${humanSize(space)}\n`);
  },
};
