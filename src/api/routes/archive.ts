// /containers/{id}/archive: HEAD stats a path (X-Docker-Container-Path-Stat), GET streams a tar of it with the same
// header, PUT extracts the request's tar into a directory. docker cp is built on these three.
import type { Router } from '../router.js';
import type { Exchange } from '../exchange.js';
import type { ContainerService } from '../../engine/containers/container-service.js';
import { getContainerArchive, putContainerArchive, statContainerPath } from '../../engine/containers/archive.js';
import { encodePathStat } from '../../engine/containers/archive-stat.js';
import { queryBool } from '../query.js';
import { invalidArgument } from '../../errors.js';

const STAT_HEADER = 'X-Docker-Container-Path-Stat';

function pathParam(x: Exchange): string {
  const path = x.query.get('path');
  if (!path) throw invalidArgument('path cannot be empty');
  return path;
}

export function archiveRoutes(r: Router, svc: ContainerService): void {
  r.head('/containers/:id/archive', async (x) => {
    const stat = await statContainerPath(svc, x.params.id!, pathParam(x));
    x.stream(200, 'application/json', { [STAT_HEADER]: encodePathStat(stat) }).end();
  });

  r.get('/containers/:id/archive', async (x) => {
    await getContainerArchive(svc, x.params.id!, pathParam(x), (stat) => x.stream(200, 'application/x-tar', { [STAT_HEADER]: encodePathStat(stat) }));
  });

  r.put('/containers/:id/archive', async (x) => {
    await putContainerArchive(svc, x.params.id!, pathParam(x), x.req, {
      copyUIDGID: queryBool(x.query, 'copyUIDGID'),
      noOverwriteDirNonDir: queryBool(x.query, 'noOverwriteDirNonDir'),
    });
    x.noContent(200);
  });
}
