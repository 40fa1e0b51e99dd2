// berth network ls: docker's table (NETWORK ID, NAME, DRIVER, SCOPE), -q, --no-trunc, --filter, --format.
import type { CommandModule } from '../../command.js';
import { FORMAT_TABLE_USAGE } from '../../flags/flag-spec.js';
import { encodeFilters } from '../../client/engine-client.js';
import { renderList } from '../../render/list-format.js';

interface NetworkSummary {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Internal: boolean;
  Created: string;
  Labels: Record<string, string>;
}

export const command: CommandModule = {
  spec: {
    path: 'network ls',
    usage: '[OPTIONS]',
    description: 'List networks',
    aliases: ['network ls', 'network list'],
    flags: [
      { name: 'filter', short: 'f', type: 'filter', usage: 'Provide filter values (e.g. "driver=bridge")' },
      { name: 'format', type: 'string', usage: FORMAT_TABLE_USAGE },
      { name: 'no-trunc', type: '', usage: 'Do not truncate the output' },
      { name: 'quiet', short: 'q', type: '', usage: 'Only display network IDs' },
    ],
    args: { min: 0, max: 0 },
  },
  async run(ctx) {
    const f = ctx.flags;
    const list = await ctx.client().json<NetworkSummary[]>('GET', '/networks', { query: { filters: encodeFilters(f.list('filter')) } });
    list.sort((a, b) => a.Name.localeCompare(b.Name));
    const trunc = !f.bool('no-trunc');
    const rows = list.map((n) => ({
      ID: trunc ? n.Id.slice(0, 12) : n.Id,
      Name: n.Name,
      Driver: n.Driver,
      Scope: n.Scope,
      IPv6: 'false',
      Internal: String(n.Internal),
      CreatedAt: n.Created,
      Labels: Object.entries(n.Labels ?? {}).map(([k, v]) => `${k}=${v}`).join(','),
    }));
    let format = f.string('format') ?? '';
    if (f.bool('quiet')) format = format || '{{.ID}}';
    ctx.stdout.write(
      renderList(rows, {
        format,
        defaultTable: 'table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}',
        headers: { ID: 'NETWORK ID', Name: 'NAME', Driver: 'DRIVER', Scope: 'SCOPE', IPv6: 'IPV6', Internal: 'INTERNAL', CreatedAt: 'CREATED AT', Labels: 'LABELS' },
      }),
    );
  },
};
