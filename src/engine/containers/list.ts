// `GET /containers/json`: Docker's container summaries, newest first, with Docker's filters.
import { mountsView } from './container-mounts.js';
import { healthSuffix } from '../../container/health.js';
import { humanDuration } from '../../common/human-duration.js';
import { invalidArgument } from '../../errors.js';
import { isActive } from '../../container/state.js';
import { labelsMatch } from '../../container/labels.js';
import type { ContainerService } from './container-service.js';
import type { ContainerRecord } from './container-record.js';

export type Filters = Record<string, string[]>;
const FILTERS = ['id', 'name', 'label', 'status', 'ancestor', 'exited', 'before', 'since', 'network', 'health', 'isolation', 'is-task', 'volume', 'publish', 'expose'];
const STATUS_VALUES = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];

export function statusText(rec: ContainerRecord, now = Date.now()): string {
  const s = rec.state;
  switch (s.status) {
    case 'running':
      return `Up ${humanDuration(now - Date.parse(s.startedAt))}${healthSuffix(s.health)}`;
    case 'paused':
      return `Up ${humanDuration(now - Date.parse(s.startedAt))} (Paused)`;
    case 'restarting':
      return `Restarting (${s.exitCode}) ${humanDuration(now - Date.parse(s.finishedAt))} ago`;
    case 'removing':
      return 'Removal In Progress';
    case 'dead':
      return 'Dead';
    case 'exited':
      return `Exited (${s.exitCode}) ${humanDuration(now - Date.parse(s.finishedAt))} ago`;
    default:
      return 'Created';
  }
}

/** As dockerd shows it in `ps`: arguments containing a space are single-quoted. */
export function commandLine(rec: ContainerRecord): string {
  return [rec.path, ...rec.args.map((a) => (a.includes(' ') ? `'${a}'` : a))].join(' ');
}

function matches(svc: ContainerService, rec: ContainerRecord, f: Filters): boolean {
  if (f.id && !f.id.some((p) => rec.id.startsWith(p))) return false;
  if (f.name && !f.name.some((p) => nameMatches(p, rec.name))) return false;
  if (f.label && !labelsMatch(rec.config.Labels ?? {}, f.label)) return false;
  if (f.status && !f.status.includes(rec.state.status)) return false;
  if (f.exited) {
    if (rec.state.status !== 'exited' || !f.exited.includes(String(rec.state.exitCode))) return false;
  }
  if (f.ancestor) {
    const ok = f.ancestor.some((a) => a === rec.config.Image || svc.options.images.imageIdOf(a) === rec.imageId);
    if (!ok) return false;
  }
  if (f.network && !f.network.includes(networkName(rec))) return false;
  if (f.health && !f.health.includes(rec.state.health?.status ?? 'none')) return false;
  // before/since: created before / after the named container (dockerd compares creation order)
  if (f.before && !f.before.every((ref) => Date.parse(rec.created) < Date.parse(svc.resolve(ref).created))) return false;
  if (f.since && !f.since.every((ref) => Date.parse(rec.created) > Date.parse(svc.resolve(ref).created))) return false;
  return true;
}

/** Docker matches `name=` as a regular expression; one that does not compile matches as plain text. */
function nameMatches(pattern: string, name: string): boolean {
  const p = pattern.replace(/^\//, '');
  try {
    return new RegExp(p).test(name);
  } catch {
    return name.includes(p);
  }
}

function networkName(rec: ContainerRecord): string {
  const m = rec.hostConfig.NetworkMode ?? 'default';
  return m === 'default' || m === '' ? 'none' : m;
}

export function listContainers(svc: ContainerService, o: { all: boolean; limit?: number; filters: Filters; size: boolean }): Array<Record<string, unknown>> {
  for (const k of Object.keys(o.filters)) if (!FILTERS.includes(k)) throw invalidArgument(`invalid filter '${k}'`);
  for (const s of o.filters.status ?? []) if (!STATUS_VALUES.includes(s)) throw invalidArgument(`invalid filter 'status=${s}'`);
  for (const ref of [...(o.filters.before ?? []), ...(o.filters.since ?? [])]) svc.resolve(ref); // 404 for an unknown reference
  const all = o.all || (o.limit !== undefined && o.limit > 0) || !!o.filters.status || !!o.filters.exited;
  let list = [...svc.records.values()]
    .filter((r) => all || isActive(r.state.status))
    .filter((r) => matches(svc, r, o.filters))
    .sort((a, b) => Date.parse(b.created) - Date.parse(a.created));
  if (o.limit !== undefined && o.limit > 0) list = list.slice(0, o.limit);
  return list.map((r) => ({
    Id: r.id,
    Names: [`/${r.name}`],
    Image: r.config.Image,
    ImageID: r.imageId,
    Command: commandLine(r),
    Created: Math.floor(Date.parse(r.created) / 1000),
    Ports: [],
    Labels: r.config.Labels ?? {},
    State: r.state.status,
    Status: statusText(r),
    HostConfig: { NetworkMode: r.hostConfig.NetworkMode ?? 'default' },
    NetworkSettings: { Networks: {} },
    Mounts: mountsView(r.mounts),
    ...(o.size ? { SizeRw: 0, SizeRootFs: 0 } : {}),
  }));
}

