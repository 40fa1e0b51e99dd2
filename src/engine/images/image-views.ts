// Docker's JSON views of images: list summaries, inspect, history; plus list filters and prune.
import type { ImageService } from './image-service.js';
import type { ImageRecord } from './image-records.js';
import { invalidArgument } from '../../errors.js';
import { parseFilterTime } from '../filter-time.js';
import { labelsMatch } from '../../container/labels.js';
import { deleteImage, pruneParents, type DeleteResponseItem } from './remove-image.js';
import type { HistoryEntry, ImageConfig } from '../../image/image-config.js';

export type Filters = Record<string, string[]>;

export interface ImageListEntry {
  id: string;
  tags: string[];
  digests: string[];
  size: number;
  config: ImageConfig;
  /** Containers using it, when asked for. */
  containers: number | undefined;
  /** Bytes of its layers that other images use too, when asked for (`shared-size=1`). */
  sharedSize: number | undefined;
}

export interface ImageDetail {
  id: string;
  tags: string[];
  digests: string[];
  size: number;
  config: ImageConfig;
  /** Snapshot fs dirs, top-most first. */
  layerDirs: string[];
  lastTagTime: string | undefined;
}

export interface HistoryRow {
  /** Only the top row carries the image ID. */
  id: string | undefined;
  created: string | undefined;
  createdBy: string;
  tags: string[];
  size: number;
  comment: string;
}
const LIST_FILTERS = ['dangling', 'reference', 'label', 'before', 'since', 'until'];

const unix = (iso: string | undefined) => (iso ? Math.floor(Date.parse(iso) / 1000) : 0);

function globToRegExp(glob: string): RegExp {
  const esc = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${esc}$`);
}

export function listImages(images: ImageService, filters: Filters, withContainers = false, all = false): ImageListEntry[] {
  for (const k of Object.keys(filters)) if (!LIST_FILTERS.includes(k)) throw invalidArgument(`invalid filter '${k}'`);
  const created = (r: ImageRecord) => unix(images.config(r.id).created);
  const pivot = (ref: string) => created(images.resolve(ref).record);
  let list = images.records.all();
  if (!all) {
    // Intermediate images (untagged parents of other images, as builds leave them) only show with -a.
    const parents = new Set(list.map((r) => r.parent).filter(Boolean));
    list = list.filter((r) => !parents.has(r.id) || images.records.namesOf(r.id).length > 0);
  }
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
  if (filters.until?.length) {
    const t = parseFilterTime(filters.until[0]!) / 1000;
    list = list.filter((r) => created(r) < t);
  }
  const refs = filters.reference?.map((p) => [globToRegExp(p), globToRegExp(/:[^/]*$/.test(p) ? p : `${p}:*`)]) ?? [];
  const shared = withContainers ? sharedSizes(images) : undefined;
  const out: ImageListEntry[] = [];
  for (const r of list) {
    let { tags, digests } = images.repoNames(r.id);
    if (refs.length) {
      tags = tags.filter((t) => refs.some(([a, b]) => a!.test(t) || b!.test(t)));
      // Digest references match by their repository name (moby's FamiliarMatch), and only matching ones are shown.
      digests = digests.filter((d) => refs.some(([a]) => a!.test(d) || a!.test(d.split('@')[0]!)));
      if (tags.length === 0 && digests.length === 0) continue;
    }
    out.push({ id: r.id, tags, digests, size: r.size, config: images.config(r.id), containers: withContainers ? images.users.containersUsingImage(r.id).length : undefined, sharedSize: shared?.(r) });
  }
  return out.sort((a, b) => unix(b.config.created) - unix(a.config.created));
}

/** Per image: the size of its layers that at least one other image shares (moby's SharedSize). */
function sharedSizes(images: ImageService): (r: ImageRecord) => number {
  const users = new Map<string, number>();
  for (const r of images.records.all()) for (const c of new Set(r.chainIds)) users.set(c, (users.get(c) ?? 0) + 1);
  return (r) => r.chainIds.reduce((n, c) => n + ((users.get(c) ?? 0) > 1 ? (images.snapshots.get(c)?.size ?? 0) : 0), 0);
}

export function inspectImage(images: ImageService, ref: string): ImageDetail {
  const { record, config } = images.resolve(ref);
  const { tags, digests } = images.repoNames(record.id);
  const layerDirs = [...record.chainIds].reverse().map((c) => images.snapshots.fsDir(c));
  return { id: record.id, tags, digests, size: record.size, config, layerDirs, lastTagTime: record.lastTagTime };
}

export function imageHistory(images: ImageService, ref: string): HistoryRow[] {
  const { record, config } = images.resolve(ref);
  const history = config.history?.length ? config.history : config.rootfs.diff_ids.map((): HistoryEntry => ({}));
  let layer = 0;
  const rows: HistoryRow[] = history.map((h) => {
    const size = h.empty_layer ? 0 : (images.snapshots.get(record.chainIds[layer++] ?? '')?.size ?? 0);
    return { id: undefined, created: h.created, createdBy: h.created_by ?? '', tags: [], size, comment: h.comment ?? '' };
  });
  // Each image of the parent chain (built or committed here) names the top-most row it added, as Docker does;
  // rows of pulled or imported parents stay <missing>.
  for (let id: string | undefined = record.id; id; ) {
    const img = images.records.get(id);
    if (!img) break;
    const n = images.config(id).history?.length ?? 0;
    const row = rows[n - 1];
    if (row && row.id === undefined) {
      row.id = id;
      row.tags = images.repoNames(id).tags;
    }
    id = img.parent;
  }
  rows.reverse();
  if (rows[0]) {
    rows[0].id = record.id;
    rows[0].tags = images.repoNames(record.id).tags;
  }
  return rows;
}

export async function pruneImages(images: ImageService, filters: Filters): Promise<{ ImagesDeleted: DeleteResponseItem[] | null; SpaceReclaimed: number }> {
  for (const k of Object.keys(filters)) if (!['dangling', 'label', 'until'].includes(k)) throw invalidArgument(`invalid filter '${k}'`);
  const all = filters.dangling?.[0] === 'false' || filters.dangling?.[0] === '0';
  const deleted: DeleteResponseItem[] = [];
  let reclaimed = 0;
  const until = filters.until?.length ? parseFilterTime(filters.until[0]!) : undefined;
  const parents = new Set(images.records.all().map((r) => r.parent).filter(Boolean));
  for (const r of images.records.all()) {
    if (parents.has(r.id) || !images.records.get(r.id)) continue; // intermediate images go with their children
    if (until !== undefined && !(Date.parse(images.config(r.id).created ?? '') < until)) continue;
    const { tags } = images.repoNames(r.id);
    if (!all && tags.length > 0) continue;
    if (images.users.containersUsingImage(r.id).length > 0) continue;
    if (filters.label?.length && !labelsMatch(images.config(r.id).config?.Labels ?? {}, filters.label)) continue;
    for (const t of tags) deleted.push({ Untagged: t });
    const gone = await deleteImage(images, r.id);
    deleted.push({ Deleted: r.id }, ...gone.layers.map((c) => ({ Deleted: c })));
    reclaimed += gone.bytes;
    deleted.push(...(await pruneParents(images, r.parent)));
  }
  return { ImagesDeleted: deleted.length ? deleted : null, SpaceReclaimed: reclaimed };
}

