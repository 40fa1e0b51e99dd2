// `POST /commit` (docker commit) and `GET /containers/{id}/changes` (docker diff).
import type { Router } from '../router.js';
import type { ContainerService } from '../../engine/containers/container-service.js';
import type { ImageService } from '../../engine/images/image-service.js';
import { commitContainer } from '../../engine/containers/commit.js';
import { containerChanges } from '../../engine/containers/diff.js';
import { queryBool } from '../query.js';
import { invalidArgument } from '../../errors.js';
import type { ImageRunConfig as ContainerConfigInImage } from '../../engine/backend.js';

export function commitRoutes(r: Router, containers: ContainerService, images: ImageService): void {
  r.post('/commit', async (x) => {
    const q = x.query;
    const container = q.get('container');
    if (!container) throw invalidArgument('No container name or ID supplied');
    const body = await x.bodyJson<ContainerConfigInImage & Record<string, unknown>>();
    const id = await commitContainer(containers, images, container, {
      repo: q.get('repo') || undefined,
      tag: q.get('tag') || undefined,
      author: q.get('author') || undefined,
      comment: q.get('comment') || undefined,
      changes: q.getAll('changes'),
      pause: queryBool(q, 'pause', true),
      config: pickConfig(body),
    });
    x.json(201, { Id: id });
  });

  r.get('/containers/:id/changes', async (x) => {
    const changes = await containerChanges(containers, x.params.id!);
    x.json(200, changes.length ? changes : null);
  });
}

/** The image-config fields of a commit body (the CLI sends an empty object unless --change made some). */
function pickConfig(body: Record<string, unknown>): ContainerConfigInImage | undefined {
  const keys = ['User', 'Env', 'Cmd', 'Entrypoint', 'WorkingDir', 'Labels', 'StopSignal', 'ExposedPorts', 'Volumes', 'Healthcheck', 'OnBuild', 'Shell'];
  const out: Record<string, unknown> = {};
  for (const k of keys) if (body[k] !== undefined && body[k] !== null) out[k] = body[k];
  return Object.keys(out).length ? (out as ContainerConfigInImage) : undefined;
}
