// /_ping, /version, /info.
import type { Router } from '../router.js';

export interface SystemBackend {
  version(): Record<string, unknown>;
  info(): Promise<Record<string, unknown>>;
}

export function systemRoutes(r: Router, system: SystemBackend): void {
  const ping = (x: import('../exchange.js').Exchange) => {
    x.res?.setHeader('Builder-Version', '1');
    x.res?.setHeader('Cache-Control', 'no-cache, no-store, must-revalidate');
    x.res?.setHeader('Pragma', 'no-cache');
    x.text(200, 'OK');
  };
  r.get('/_ping', ping);
  r.head('/_ping', ping);
  r.get('/version', (x) => x.json(200, system.version()));
  r.get('/info', async (x) => x.json(200, await system.info()));
}
