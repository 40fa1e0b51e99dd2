// `DELETE /images/{name}`: untag, or delete when the last reference goes; Docker's conflict rules and wording.
import type { ImageService } from './image-service.js';
import { BerthError } from '../../errors.js';
import { familiarName } from '../../reference/reference.js';
import { shortId } from '../../common/ids.js';

export interface RemoveImageOptions {
  force: boolean;
  noPrune: boolean;
}
export type DeleteResponseItem = { Untagged: string } | { Deleted: string };

const conflict = (message: string) => new BerthError('conflict', 'ERR_IMAGE_CONFLICT', message);

export async function removeImage(images: ImageService, ref: string, o: RemoveImageOptions): Promise<DeleteResponseItem[]> {
  const { record, matchedName } = images.resolve(ref);
  const id = record.id;
  const names = images.records.namesOf(id);
  const users = images.users.containersUsingImage(id);
  const running = users.find((u) => u.running);
  const out: DeleteResponseItem[] = [];

  const untag = async (toRemove: string[]) => {
    await images.records.update((doc) => {
      for (const n of toRemove) delete doc.names[n];
    });
    for (const n of toRemove) out.push({ Untagged: familiarName(n) });
  };

  if (matchedName !== undefined) {
    // By name: drop that name; the image goes only with its last name and when no container needs it.
    const others = names.filter((n) => n !== matchedName && !n.includes('@'));
    if (others.length > 0 || (users.length > 0 && o.force)) {
      await untag([matchedName]);
      return out;
    }
    if (users.length > 0) {
      const u = users[0]!;
      throw conflict(`conflict: unable to remove repository reference "${ref}" (must force) - container ${shortId(u.id)} is using its referenced image ${shortId(id)}`);
    }
    await untag(names);
  } else {
    // An image other images are built on stays while they do (docker refuses even with force).
    if (images.records.all().some((r) => r.parent === id) && names.filter((n) => !n.includes('@')).length === 0) {
      throw conflict(`conflict: unable to delete ${shortId(id)} (cannot be forced) - image has dependent child images`);
    }
    if (running) throw conflict(`conflict: unable to delete ${shortId(id)} (cannot be forced) - image is being used by running container ${shortId(running.id)}`);
    const tags = names.filter((n) => !n.includes('@'));
    if (tags.length > 1 && !o.force) throw conflict(`conflict: unable to delete ${shortId(id)} (must be forced) - image is referenced in multiple repositories`);
    if (users.length > 0 && !o.force) throw conflict(`conflict: unable to delete ${shortId(id)} (must be forced) - image is being used by stopped container ${shortId(users[0]!.id)}`);
    await untag(names);
    if (users.length > 0) return out; // forced: the image stays (dangling) while a container still needs its layers
  }
  const parent = record.parent;
  const { layers } = await deleteImage(images, id, o.noPrune);
  // As dockerd's overlay2 store reports it: the image, then each layer (chain ID) that went with it.
  out.push({ Deleted: id }, ...layers.map((c) => ({ Deleted: c })));
  if (!o.noPrune) out.push(...(await pruneParents(images, parent)));
  return out;
}

/** Untagged parents (a build's intermediate images) go with their last child, unless a container uses them. */
export async function pruneParents(images: ImageService, parent: string | undefined): Promise<DeleteResponseItem[]> {
  const out: DeleteResponseItem[] = [];
  for (let p = parent; p; ) {
    const rec = images.records.get(p);
    if (!rec || images.records.namesOf(p).length > 0 || images.users.containersUsingImage(p).length > 0) break;
    if (images.records.all().some((r) => r.parent === p)) break;
    const { layers } = await deleteImage(images, p);
    out.push({ Deleted: p }, ...layers.map((c) => ({ Deleted: c })));
    p = rec.parent;
  }
  return out;
}

export interface DeletedImage {
  /** Chain IDs of the layers removed with the image, top-most first. */
  layers: string[];
  /** Their uncompressed size. */
  bytes: number;
}

/** Drops the record, its config blob and the layers no other image uses. */
export async function deleteImage(images: ImageService, id: string, noPrune = false): Promise<DeletedImage> {
  const record = images.records.get(id);
  if (!record) return { layers: [], bytes: 0 };
  await images.records.update((doc) => {
    delete doc.images[id];
    for (const [n, v] of Object.entries(doc.names)) if (v === id) delete doc.names[n];
  });
  images.forgetConfig(id);
  await images.content.delete(id);
  if (noPrune) return { layers: [], bytes: 0 };
  const sizes = new Map(record.chainIds.map((c) => [c, images.snapshots.get(c)?.size ?? 0]));
  const layers = await images.releaseLayers(record.chainIds);
  return { layers, bytes: layers.reduce((n, c) => n + (sizes.get(c) ?? 0), 0) };
}
