// /_ping, /version, /info.
import type { Router } from '../router.js';
import { credentialsFrom, registryDomain, type AuthConfig, type RegistryCredentials } from '../registry-auth.js';
import { invalidArgument } from '../../errors.js';

export interface SystemBackend {
  version(): Record<string, unknown>;
  info(): Promise<Record<string, unknown>>;
  /** `POST /auth`: checks credentials against a registry; throws when refused. */
  login?(domain: string, credentials: RegistryCredentials, signal: AbortSignal): Promise<{ identityToken?: string }>;
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
  r.post('/auth', async (x) => {
    const body = await x.bodyJson<AuthConfig>();
    const credentials = credentialsFrom(body);
    if (!system.login) throw invalidArgument('login is not configured');
    const res = await system.login(registryDomain(body.serveraddress), credentials ?? {}, x.signal);
    x.json(200, { Status: 'Login Succeeded', IdentityToken: res.identityToken ?? '' });
  });
}
