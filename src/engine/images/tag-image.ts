// `POST /images/{name}/tag`: points a (new or existing) tag at an image; the tag moves if it named another image.
import type { ImageService } from './image-service.js';
import { formatReference, parseRepoTag } from '../../reference/reference.js';

export async function tagImage(images: ImageService, source: string, repo: string, tag: string | undefined): Promise<string> {
  const target = formatReference(parseRepoTag(repo, tag));
  const { record } = images.resolve(source);
  await images.records.update((doc) => {
    doc.names[target] = record.id;
    const current = doc.images[record.id];
    if (current) doc.images[record.id] = { ...current, lastTagTime: new Date().toISOString() };
  });
  return target;
}
