// Volume endpoints: create, list, inspect, remove, prune. Each handler parses, calls the volume service, and writes
// Docker's response.
import type { Router } from '../router.js';
import { VolumeService, type CreateVolumeRequest } from '../../engine/volumes/volume-service.js';
import { parseFilters, queryBool } from '../query.js';

export function volumeRoutes(r: Router, svc: VolumeService): void {
  r.post('/volumes/create', async (x) => {
    const body = await x.bodyJson<CreateVolumeRequest>();
    x.json(201, VolumeService.view(await svc.create(body ?? {})));
  });
  r.get('/volumes', (x) => {
    x.json(200, { Volumes: svc.list(parseFilters(x.query.get('filters'))).map(VolumeService.view), Warnings: [] });
  });
  r.get('/volumes/:name', (x) => {
    x.json(200, VolumeService.view(svc.get(x.params.name!)));
  });
  r.delete('/volumes/:name', async (x) => {
    await svc.remove(x.params.name!, queryBool(x.query, 'force'));
    x.noContent();
  });
  r.post('/volumes/prune', async (x) => {
    x.json(200, await svc.prune(parseFilters(x.query.get('filters'))));
  });
}
