// Unpacks a layer and keeps its uncompressed tar as a content blob (keyed by its diff ID) in one pass.
import type { Readable } from 'node:stream';
import type { ImageService, UnpackedLayer } from './image-service.js';

export async function unpackAndStore(images: ImageService, input: Readable, parent: string | undefined, expectedDiffId?: string, onRead?: (bytes: number) => void): Promise<UnpackedLayer> {
  const writer = images.content.writer();
  try {
    const layer = await images.unpackLayer(input, parent, expectedDiffId, writer.stream, { onRead });
    await new Promise<void>((resolve, reject) => writer.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (await images.content.has(layer.diffId)) await writer.abort();
    else await writer.commit({ digest: layer.diffId });
    return layer;
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
