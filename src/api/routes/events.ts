// `GET /events`: one JSON object per line, replayed from `since`, live until `until` or the client leaves.
import type { Router } from '../router.js';
import type { ContainerService } from '../../engine/containers/container-service.js';
import { containerEvents } from '../../engine/containers/events.js';
import { parseFilters, queryTime } from '../query.js';

export function eventRoutes(r: Router, svc: ContainerService): void {
  r.get('/events', async (x) => {
    const events = containerEvents(svc, {
      filters: parseFilters(x.query.get('filters')),
      // `--since 0`: everything the bus still holds (queryTime reads 0 as "not given", right for until).
      since: x.query.get('since') === '0' ? 0 : queryTime(x.query, 'since'),
      until: queryTime(x.query, 'until'),
      signal: x.signal,
    });
    const out = x.stream(200, 'application/json');
    for await (const e of events) {
      if (!out.write(`${JSON.stringify(e)}\n`)) await new Promise((resolve) => out.once('drain', resolve));
    }
    out.end();
  });
}
