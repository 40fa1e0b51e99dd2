// Image endpoints: list, inspect, history, tag, remove, prune, load, import (`create?fromSrc=`).
import type { Router } from '../router.js';
import type { Exchange } from '../exchange.js';
import type { ImageService } from '../../engine/images/image-service.js';
import { listImages, inspectImage, imageHistory, pruneImages } from '../../engine/images/image-views.js';
import { removeImage } from '../../engine/images/remove-image.js';
import { tagImage } from '../../engine/images/tag-image.js';
import { importImage } from '../../engine/images/import-image.js';
import { loadArchive } from '../../engine/images/load-archive.js';
import { repositoryName, formatReference } from '../../reference/reference.js';
import { parseFilters, queryBool } from '../query.js';
import { toImageSummary, toImageInspect, toHistoryItem, type ImageDeleteResponseItem, type ImagesPruneReport, type ImageStreamMessage } from '../wire/images.js';
import { invalidArgument } from '../../errors.js';
import type { RegistryService } from '../../engine/images/registry-service.js';
import { pullReference } from '../../engine/images/pull-image.js';
import { registryAuthHeader } from '../registry-auth.js';
import { streamProgress } from './registry-stream.js';
import { planSave, saveImages } from '../../engine/images/save-images.js';

function writeJsonMessages(x: Exchange, messages: ImageStreamMessage[]): void {
  const out = x.stream(200, 'application/json');
  for (const m of messages) out.write(JSON.stringify(m) + '\r\n');
  out.end();
}

export function imageRoutes(r: Router, images: ImageService, registry?: RegistryService): void {
  r.get('/images/json', (x) => {
    const filters = parseFilters(x.query.get('filters'));
    const legacy = x.query.get('filter');
    if (legacy) filters.reference = [...(filters.reference ?? []), legacy];
    x.json(200, listImages(images, filters, queryBool(x.query, 'shared-size'), queryBool(x.query, 'all')).map(toImageSummary));
  });

  r.post('/images/create', async (x) => {
    const fromSrc = x.query.get('fromSrc');
    if (fromSrc === null) {
      if (!registry) throw invalidArgument('pulling is not configured');
      const from = x.query.get('fromImage') ?? '';
      const tag = x.query.get('tag') || undefined;
      const ref = pullReference(from, tag);
      const explicit = tag !== undefined || /@|:[\w][\w.-]*$/.test(from.slice(from.lastIndexOf('/') + 1));
      const o = {
        reference: formatReference(ref),
        platform: x.query.get('platform') || undefined,
        credentials: registryAuthHeader(x.req.headers['x-registry-auth']),
        signal: x.signal,
      };
      await streamProgress(
        x,
        async (progress) => {
          if (explicit) await registry.pull({ ...o, progress });
          else await registry.pullAllTags({ ...o, reference: repositoryName(ref), progress });
        },
        (m) => !(m.status ?? '').startsWith('Pulling from '),
      );
      return;
    }
    if (fromSrc !== '-') throw invalidArgument('import from a URL is not supported: pipe the tar on stdin (fromSrc=-)');
    const id = await importImage(images, {
      body: x.req,
      repo: x.query.get('repo') || undefined,
      tag: x.query.get('tag') || undefined,
      changes: x.query.getAll('changes'),
      message: x.query.get('message') ?? undefined,
      source: '-',
    });
    writeJsonMessages(x, [{ status: id }]);
  });

  r.get('/images/get', async (x) => {
    const plan = planSave(images, x.query.getAll('names'));
    await saveImages(images, plan, x.stream(200, 'application/x-tar'), x.signal);
  });
  r.get('/images/*name/get', async (x) => {
    const plan = planSave(images, [x.params.name!]);
    await saveImages(images, plan, x.stream(200, 'application/x-tar'), x.signal);
  });

  r.post('/images/load', async (x) => {
    if (queryBool(x.query, 'quiet')) {
      const { messages } = await loadArchive(images, x.req, x.signal);
      writeJsonMessages(x, messages.map((m) => ({ stream: `${m}\n` })));
      return;
    }
    // The docker CLI asks for progress on a terminal: "Loading layer" bars, then the "Loaded image" lines.
    await streamProgress(
      x,
      async (sink) => {
        const { messages } = await loadArchive(images, x.req, x.signal, sink);
        for (const m of messages) sink({ stream: `${m}\n` });
      },
      (m) => m.status === 'Loading layer',
    );
  });

  r.post('/images/prune', async (x) => {
    const report: ImagesPruneReport = await pruneImages(images, parseFilters(x.query.get('filters')));
    x.json(200, report);
  });

  r.get('/images/*name/json', (x) => x.json(200, toImageInspect(inspectImage(images, x.params.name!))));
  r.get('/images/*name/history', (x) => x.json(200, imageHistory(images, x.params.name!).map(toHistoryItem)));

  r.post('/images/*name/tag', async (x) => {
    const repo = x.query.get('repo');
    if (!repo) throw invalidArgument('repository name must have at least one component');
    await tagImage(images, x.params.name!, repo, x.query.get('tag') || undefined);
    x.noContent(201);
  });

  r.post('/images/*name/push', async (x) => {
    if (!registry) throw invalidArgument('pushing is not configured');
    const name = x.params.name!;
    const credentials = registryAuthHeader(x.req.headers['x-registry-auth']);
    const platform = x.query.get('platform');
    await streamProgress(
      x,
      (progress) => registry.push({ name, tag: x.query.get('tag') || undefined, credentials, platform: platform || undefined, progress, signal: x.signal }),
      // moby streams from the first message: push errors (even a refused login) arrive in-band.
      () => true,
    );
  });

  r.delete('/images/*name', async (x) => {
    const deleted: ImageDeleteResponseItem[] = await removeImage(images, x.params.name!, { force: queryBool(x.query, 'force'), noPrune: queryBool(x.query, 'noprune') });
    x.json(200, deleted);
  });
}
