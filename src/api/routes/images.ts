// Image endpoints: list, inspect, history, tag, remove, prune, load, import (`create?fromSrc=`).
import type { Router } from '../router.js';
import type { Exchange } from '../exchange.js';
import type { ImageService } from '../../engine/images/image-service.js';
import { listImages, inspectImage, imageHistory, pruneImages } from '../../engine/images/image-views.js';
import { removeImage } from '../../engine/images/remove-image.js';
import { tagImage } from '../../engine/images/tag-image.js';
import { importImage } from '../../engine/images/import-image.js';
import { loadArchive } from '../../engine/images/load-archive.js';
import { parseReference, repositoryName, familiarName } from '../../reference/reference.js';
import { parseFilters, queryBool } from '../query.js';
import { toImageSummary, toImageInspect, toHistoryItem, type ImageDeleteResponseItem, type ImagesPruneReport, type ImageStreamMessage } from '../wire/images.js';
import { invalidArgument, pullUnavailable } from '../../errors.js';

function writeJsonMessages(x: Exchange, messages: ImageStreamMessage[]): void {
  const out = x.stream(200, 'application/json');
  for (const m of messages) out.write(JSON.stringify(m) + '\r\n');
  out.end();
}

export function imageRoutes(r: Router, images: ImageService): void {
  r.get('/images/json', (x) => {
    const filters = parseFilters(x.query.get('filters'));
    const legacy = x.query.get('filter');
    if (legacy) filters.reference = [...(filters.reference ?? []), legacy];
    x.json(200, listImages(images, filters, queryBool(x.query, 'shared-size')).map(toImageSummary));
  });

  r.post('/images/create', async (x) => {
    const fromSrc = x.query.get('fromSrc');
    if (fromSrc === null) {
      // Pulling is a later piece of work: answer at once, the way docker reports an unreachable registry.
      const from = x.query.get('fromImage') ?? '';
      const tag = x.query.get('tag') || undefined;
      const ref = parseReference(tag && !from.includes('@') ? `${from}:${tag}` : from);
      throw pullUnavailable(familiarName(repositoryName(ref)));
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

  r.post('/images/load', async (x) => {
    const { messages } = await loadArchive(images, x.req, x.signal);
    writeJsonMessages(x, messages.map((m) => ({ stream: `${m}\n` })));
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

  r.delete('/images/*name', async (x) => {
    const deleted: ImageDeleteResponseItem[] = await removeImage(images, x.params.name!, { force: queryBool(x.query, 'force'), noPrune: queryBool(x.query, 'noprune') });
    x.json(200, deleted);
  });
}
