// Docker's JSON views of images: list summaries, inspect, history; plus list filters and prune.
import type { ImageService } from './image-service.js';
import type { ImageRecord } from './image-records.js';
import { invalidArgument } from '../../errors.js';
import { familiarName } from '../../reference/reference.js';
import { deleteImage } from './remove-image.js';

export type Filters = Record<string, string[]>;
const LIST_FILTERS = ['dangling', 'reference', 'label', 'before', 'since', 'until'];

const unix = (iso: string | undefined) => (iso ? Math.floor(Date.parse(iso) / 1000) : 0);

function globToRegExp(glob: string): RegExp {
  const esc = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${esc}$`);
}

function labelsMatch(labels: Record<string, string>, wanted: string[]): boolean {
  return wanted.every((w) => {
    const eq = w.indexOf('=');
    return eq < 0 ? w in labels : labels[w.slice(0, eq)] === w.slice(eq + 1);
  });
}

export function listImages(images: ImageService, filters: Filters, withContainers = false): Array<Record<string, unknown>> {
  for (const k of Object.keys(filters)) if (!LIST_FILTERS.includes(k)) throw invalidArgument(`invalid filter '${k}'`);
  const created = (r: ImageRecord) => unix(images.config(r.id).created);
  const pivot = (ref: string) => created(images.resolve(ref).record);
  let list = images.records.all();
  if (filters.dangling?.length) {
    const want = filters.dangling[0];
    if (want !== 'true' && want !== 'false' && want !== '1' && want !== '0') throw invalidArgument(`Invalid filter 'dangling=${want}'`);
    const dangling = want === 'true' || want === '1';
    list = list.filter((r) => (images.repoNames(r.id).tags.length === 0) === dangling);
  }
  if (filters.label?.length) list = list.filter((r) => labelsMatch(images.config(r.id).config?.Labels ?? {}, filters.label!));
  if (filters.before?.length) {
    const t = pivot(filters.before[0]!);
    list = list.filter((r) => created(r) < t);
  }
  if (filters.since?.length) {
    const t = pivot(filters.since[0]!);
    list = list.filter((r) => created(r) > t);
  }
  const refs = filters.reference?.map((p) => [globToRegExp(p), globToRegExp(p.includes(':') ? p : `${p}:*`)]) ?? [];
  const out: Array<Record<string, unknown>> = [];
  for (const r of list) {
    let { tags, digests } = images.repoNames(r.id);
    if (refs.length) {
      tags = tags.filter((t) => refs.some(([a, b]) => a!.test(t) || b!.test(t)));
      if (tags.length === 0) continue;
    }
    const config = images.config(r.id);
    out.push({
      Id: r.id,
      ParentId: '',
      RepoTags: tags,
      RepoDigests: digests,
      Created: unix(config.created),
      Size: r.size,
      SharedSize: -1,
      VirtualSize: r.size,
      Labels: config.config?.Labels ?? {},
      Containers: withContainers ? images.users.containersUsingImage(r.id).length : -1,
    });
  }
  return out.sort((a, b) => (b.Created as number) - (a.Created as number));
}

export function inspectImage(images: ImageService, ref: string): Record<string, unknown> {
  const { record, config } = images.resolve(ref);
  const { tags, digests } = images.repoNames(record.id);
  const dirs = [...record.chainIds].reverse().map((c) => images.snapshots.fsDir(c));
  return {
    Id: record.id,
    RepoTags: tags,
    RepoDigests: digests,
    Parent: '',
    Comment: config.comment ?? '',
    Created: config.created ?? '0001-01-01T00:00:00Z',
    DockerVersion: config.docker_version ?? '',
    Author: config.author ?? '',
    Config: { Env: null, Cmd: null, Entrypoint: null, WorkingDir: '', Labels: null, ...(config.config ?? {}) },
    Architecture: config.architecture,
    ...(config.variant ? { Variant: config.variant } : {}),
    Os: config.os,
    Size: record.size,
    VirtualSize: record.size,
    GraphDriver: {
      Name: 'overlay2',
      Data: { LowerDir: dirs.slice(1).join(':') || undefined, UpperDir: dirs[0], MergedDir: undefined, WorkDir: undefined },
    },
    RootFS: { Type: 'layers', Layers: config.rootfs.diff_ids },
    Metadata: { LastTagTime: record.addedAt },
  };
}

export function imageHistory(images: ImageService, ref: string): Array<Record<string, unknown>> {
  const { record, config } = images.resolve(ref);
  const history = config.history?.length ? config.history : config.rootfs.diff_ids.map(() => ({}) as { empty_layer?: boolean; created?: string; created_by?: string; comment?: string });
  let layer = 0;
  const rows = history.map((h) => {
    const size = h.empty_layer ? 0 : (images.snapshots.get(record.chainIds[layer++] ?? '')?.size ?? 0);
    return { Id: '<missing>', Created: unix(h.created), CreatedBy: h.created_by ?? '', Tags: null as string[] | null, Size: size, Comment: h.comment ?? '' };
  });
  rows.reverse();
  if (rows[0]) {
    rows[0].Id = record.id;
    const tags = images.repoNames(record.id).tags;
    rows[0].Tags = tags.length ? tags : null;
  }
  return rows;
}

export async function pruneImages(images: ImageService, filters: Filters): Promise<{ ImagesDeleted: Array<Record<string, string>> | null; SpaceReclaimed: number }> {
  for (const k of Object.keys(filters)) if (!['dangling', 'label', 'until'].includes(k)) throw invalidArgument(`invalid filter '${k}'`);
  const all = filters.dangling?.[0] === 'false' || filters.dangling?.[0] === '0';
  const deleted: Array<Record<string, string>> = [];
  let reclaimed = 0;
  for (const r of images.records.all()) {
    const { tags } = images.repoNames(r.id);
    if (!all && tags.length > 0) continue;
    if (images.users.containersUsingImage(r.id).length > 0) continue;
    if (filters.label?.length && !labelsMatch(images.config(r.id).config?.Labels ?? {}, filters.label)) continue;
    for (const t of tags) deleted.push({ Untagged: t });
    await deleteImage(images, r.id);
    deleted.push({ Deleted: r.id });
    reclaimed += r.size;
  }
  return { ImagesDeleted: deleted.length ? deleted : null, SpaceReclaimed: reclaimed };
}

export { familiarName };
