// `POST /containers/prune`: removes every stopped container matching the filters (`label`, `label!`, `until`),
// reporting the space their writable layers held.
import { join } from 'node:path';
import { isActive } from '../../container/state.js';
import { labelsMatch } from '../../container/labels.js';
import { invalidArgument } from '../../errors.js';
import type { ContainerService } from './container-service.js';
import { dirSize } from './container-size.js';

export type Filters = Record<string, string[]>;

export interface PruneResult {
  ContainersDeleted: string[] | null;
  SpaceReclaimed: number;
}

export async function pruneContainers(svc: ContainerService, filters: Filters): Promise<PruneResult> {
  for (const k of Object.keys(filters)) if (!['label', 'label!', 'until'].includes(k)) throw invalidArgument(`invalid filter '${k}'`);
  const labels = [...(filters.label ?? []), ...(filters['label!'] ?? []).map((l) => `!${l}`)];
  const until = filters.until?.map(untilSeconds);
  const deleted: string[] = [];
  let space = 0;
  for (const rec of [...svc.records.values()]) {
    if (isActive(rec.state.status) || rec.state.status === 'removing') continue;
    if (!labelsMatch(rec.config.Labels ?? {}, labels)) continue;
    if (until && !until.every((u) => Date.parse(rec.created) / 1000 < u)) continue;
    const size = await dirSize(join(svc.paths.container(rec.id), 'upper'));
    await svc.locks.run(rec.id, async () => {
      if (isActive(rec.state.status) || !svc.records.has(rec.id)) return; // started or removed meanwhile
      await svc.removeNow(rec);
      deleted.push(rec.id);
      space += size;
    });
  }
  return { ContainersDeleted: deleted.length ? deleted : null, SpaceReclaimed: space };
}

/** `until`: unix seconds, an RFC 3339 time, or a duration before now (`24h`, `10m`). */
function untilSeconds(v: string): number {
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const d = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(v);
  if (d) return Date.now() / 1000 - Number(d[1]) * { s: 1, m: 60, h: 3600 }[d[2] as 's' | 'm' | 'h'];
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw invalidArgument(`invalid filter 'until=${v}'`);
  return t / 1000;
}
