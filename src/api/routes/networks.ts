// Network endpoints: create, list, inspect, remove, prune, connect, disconnect. Each handler parses, calls the
// network service, and writes Docker's response.
import type { Router } from '../router.js';
import type { NetworkService, CreateNetworkRequest } from '../../engine/networks/network-service.js';
import { connectContainer, disconnectContainer } from '../../engine/networks/sandbox.js';
import { parseFilters } from '../query.js';

interface ConnectBody {
  Container?: string;
  EndpointConfig?: { Aliases?: string[] | null; IPAMConfig?: { IPv4Address?: string } | null };
  Force?: boolean;
}

export function networkRoutes(r: Router, svc: NetworkService): void {
  r.post('/networks/create', async (x) => {
    const body = await x.bodyJson<CreateNetworkRequest>();
    x.json(201, await svc.create(body));
  });
  r.get('/networks', async (x) => {
    x.json(200, svc.list(parseFilters(x.query.get('filters'))));
  });
  r.get('/networks/:id', async (x) => {
    x.json(200, svc.inspect(x.params.id!));
  });
  r.delete('/networks/:id', async (x) => {
    await svc.remove(x.params.id!);
    x.noContent();
  });
  r.post('/networks/prune', async (x) => {
    x.json(200, { NetworksDeleted: await svc.prune(parseFilters(x.query.get('filters'))) });
  });
  r.post('/networks/:id/connect', async (x) => {
    const body = await x.bodyJson<ConnectBody>();
    await connectContainer(svc, x.params.id!, body.Container ?? '', body.EndpointConfig);
    x.json(200, null);
  });
  r.post('/networks/:id/disconnect', async (x) => {
    const body = await x.bodyJson<ConnectBody>();
    await disconnectContainer(svc, x.params.id!, body.Container ?? '');
    x.json(200, null);
  });
}
