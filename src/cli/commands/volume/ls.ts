// berth volume ls: docker's table (DRIVER, VOLUME NAME), -q, --filter, --format.
import type { CommandModule } from '../../command.js';
import { FORMAT_TABLE_USAGE } from '../../flags/flag-spec.js';
import { encodeFilters } from '../../client/engine-client.js';
import { renderList } from '../../render/list-format.js';

interface VolumeSummary {
  Name: string;
  Driver: string;
  Scope: string;
  Mountpoint: string;
  Labels: Record<string, string> | null;
}

export const command: CommandModule = {
  spec: {
    path: 'volume ls',
    usage: '[OPTIONS]',
    description: 'List volumes',
    aliases: ['volume ls', 'volume list'],
    flags: [
      { name: 'cluster', type: '', usage: 'Display only cluster volumes, and use cluster volume list formatting', hidden: true },
      { name: 'filter', short: 'f', type: 'filter', usage: 'Provide filter values (e.g. "dangling=true")' },
      { name: 'format', type: 'string', usage: FORMAT_TABLE_USAGE },
      { name: 'quiet', short: 'q', type: '', usage: 'Only display volume names' },
    ],
    args: { min: 0, max: 0 },
  },
  async run(ctx) {
    const f = ctx.flags;
    const r = await ctx.client().json<{ Volumes: VolumeSummary[] | null }>('GET', '/volumes', { query: { filters: encodeFilters(f.list('filter')) } });
    const rows = (r.Volumes ?? []).map((v) => ({
      Name: v.Name,
      Driver: v.Driver,
      Scope: v.Scope,
      Mountpoint: v.Mountpoint,
      Labels: Object.entries(v.Labels ?? {}).map(([k, val]) => `${k}=${val}`).join(','),
      Links: 'N/A',
      Size: 'N/A',
    }));
    let format = f.string('format') ?? '';
    if (f.bool('quiet')) format = format || '{{.Name}}';
    ctx.stdout.write(
      renderList(rows, {
        format,
        defaultTable: 'table {{.Driver}}\t{{.Name}}',
        headers: { Name: 'VOLUME NAME', Driver: 'DRIVER', Scope: 'SCOPE', Mountpoint: 'MOUNTPOINT', Labels: 'LABELS', Links: 'LINKS', Size: 'SIZE' },
      }),
    );
  },
};
