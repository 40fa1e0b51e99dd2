// berth system df: docker's disk usage summary (TYPE, TOTAL, ACTIVE, SIZE, RECLAIMABLE) from GET /system/df, or
// --format per row.
import type { CommandModule } from '../../command.js';
import { FORMAT_TABLE_USAGE } from '../../flags/flag-spec.js';
import { renderList } from '../../render/list-format.js';
import { humanSize } from '../../render/human-size.js';

interface DiskUsage {
  LayersSize?: number;
  Images?: Array<{ Containers: number; Size: number; SharedSize: number }> | null;
  Containers?: Array<{ State: string; SizeRw?: number }> | null;
  Volumes?: Array<{ UsageData?: { Size: number; RefCount: number } }> | null;
  BuildCache?: Array<{ Size: number; InUse: boolean; Shared: boolean }> | null;
}

/** `1.2MB (40%)` as docker prints it; the percentage only when there is something at all. */
const reclaimable = (value: number, total: number) => (total > 0 ? `${humanSize(value)} (${Math.floor((value * 100) / total)}%)` : humanSize(value));

export function dfRows(du: DiskUsage): Array<Record<string, string>> {
  const images = du.Images ?? [];
  const imagesSize = du.LayersSize ?? 0;
  const used = images.filter((i) => i.Containers > 0 && i.SharedSize !== -1).reduce((s, i) => s + i.Size - i.SharedSize, 0);
  const containers = du.Containers ?? [];
  const active = (c: { State: string }) => c.State === 'running' || c.State === 'paused';
  const ctrSize = containers.reduce((s, c) => s + (c.SizeRw ?? 0), 0);
  const ctrFree = containers.filter((c) => !active(c)).reduce((s, c) => s + (c.SizeRw ?? 0), 0);
  const volumes = du.Volumes ?? [];
  const volSize = volumes.reduce((s, v) => s + Math.max(0, v.UsageData?.Size ?? 0), 0);
  const volFree = volumes.filter((v) => (v.UsageData?.RefCount ?? 0) === 0).reduce((s, v) => s + Math.max(0, v.UsageData?.Size ?? 0), 0);
  const cache = du.BuildCache ?? [];
  const cacheSize = cache.reduce((s, c) => s + c.Size, 0);
  const cacheFree = cache.filter((c) => !c.InUse && !c.Shared).reduce((s, c) => s + c.Size, 0);
  return [
    { Type: 'Images', TotalCount: String(images.length), Active: String(images.filter((i) => i.Containers > 0).length), Size: humanSize(imagesSize), Reclaimable: reclaimable(imagesSize - used, imagesSize) },
    { Type: 'Containers', TotalCount: String(containers.length), Active: String(containers.filter(active).length), Size: humanSize(ctrSize), Reclaimable: reclaimable(ctrFree, ctrSize) },
    { Type: 'Local Volumes', TotalCount: String(volumes.length), Active: String(volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length), Size: humanSize(volSize), Reclaimable: reclaimable(volFree, volSize) },
    { Type: 'Build Cache', TotalCount: String(cache.length), Active: String(cache.filter((c) => c.InUse).length), Size: humanSize(cacheSize), Reclaimable: humanSize(cacheFree) },
  ];
}

export const command: CommandModule = {
  spec: {
    path: 'system df',
    usage: '[OPTIONS]',
    description: 'Show docker disk usage',
    flags: [
      { name: 'format', type: 'string', usage: FORMAT_TABLE_USAGE },
      { name: 'verbose', short: 'v', type: '', usage: 'Show detailed information on space usage' },
    ],
    args: { min: 0, max: 0 },
  },
  async run(ctx) {
    const du = await ctx.client().json<DiskUsage>('GET', '/system/df');
    ctx.stdout.write(
      renderList(dfRows(du), {
        format: ctx.flags.string('format') ?? '',
        defaultTable: 'table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}',
        headers: { Type: 'TYPE', TotalCount: 'TOTAL', Active: 'ACTIVE', Size: 'SIZE', Reclaimable: 'RECLAIMABLE' },
      }),
    );
  },
};
