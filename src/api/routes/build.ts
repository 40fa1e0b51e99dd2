// `POST /build` (the classic builder) and `POST /build/prune`. The build's messages stream as Docker's JSON lines;
// an error before the first message is an HTTP error (what the CLI prints as "Error response from daemon"),
// after it an in-band `errorDetail`.
import type { Router } from '../router.js';
import type { Exchange } from '../exchange.js';
import type { BuildBackend } from '../../engine/backend.js';
import { queryBool, queryInt } from '../query.js';
import { invalidArgument } from '../../errors.js';
import { credentialsFrom, registryDomain, type AuthConfig, type RegistryCredentials } from '../registry-auth.js';
import type { Writable } from 'node:stream';

function jsonParam<T>(x: Exchange, name: string): T | undefined {
  const v = x.query.get(name);
  if (v === null || v === '') return undefined;
  try {
    return JSON.parse(v) as T;
  } catch {
    throw invalidArgument(`invalid ${name} parameter: ${v}`);
  }
}

/** `X-Registry-Config`: base64 JSON of registry -> AuthConfig, for pulls of FROM images. */
function registryConfig(x: Exchange): (domain: string) => RegistryCredentials | undefined {
  const raw = x.headers['x-registry-config'];
  const v = Array.isArray(raw) ? raw[0] : raw;
  let map: Record<string, AuthConfig> = {};
  if (v) {
    try {
      map = JSON.parse(Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as Record<string, AuthConfig>;
    } catch {
      map = {};
    }
  }
  return (domain) => {
    for (const [k, a] of Object.entries(map)) if (registryDomain(k) === domain) return credentialsFrom(a);
    return undefined;
  };
}

/** memory, memswap, cpushares, cpusetcpus, cpuperiod, cpuquota, shmsize -> HostConfig fields for RUN. */
function runLimits(q: URLSearchParams): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  const nums: Array<[string, string]> = [['memory', 'Memory'], ['memswap', 'MemorySwap'], ['cpushares', 'CpuShares'], ['cpuperiod', 'CpuPeriod'], ['cpuquota', 'CpuQuota'], ['shmsize', 'ShmSize']];
  for (const [k, field] of nums) {
    const v = queryInt(q, k);
    if (v !== undefined && v !== 0) out[field] = v;
  }
  const cpuset = q.get('cpusetcpus');
  if (cpuset) out.CpusetCpus = cpuset;
  return out;
}

export function buildRoutes(r: Router, builder: BuildBackend): void {
  r.post('/build', async (x) => {
    const q = x.query;
    const buildArgs = jsonParam<Record<string, string | null>>(x, 'buildargs') ?? {};
    const labels = jsonParam<Record<string, string>>(x, 'labels') ?? {};
    let out: Writable | undefined;
    const write = (m: unknown) => {
      out ??= x.stream(200, 'application/json');
      out.write(JSON.stringify(m) + '\r\n');
    };
    try {
      await builder.build(
        {
          body: x.req,
          dockerfile: q.get('dockerfile') || 'Dockerfile',
          tags: q.getAll('t').filter(Boolean),
          buildArgs,
          target: q.get('target') || undefined,
          noCache: queryBool(q, 'nocache'),
          cacheFrom: jsonParam<string[]>(x, 'cachefrom') ?? [],
          pull: queryBool(q, 'pull'),
          rm: queryBool(q, 'rm', true) || queryBool(q, 'forcerm'),
          labels,
          quiet: queryBool(q, 'q'),
          networkMode: q.get('networkmode') || undefined,
          runLimits: runLimits(q),
          platform: q.get('platform') || undefined,
          credentialsFor: registryConfig(x),
          signal: x.signal,
        },
        { stream: (text) => write({ stream: text }), aux: (value) => write({ aux: value }) },
      );
    } catch (err) {
      if (!out) throw err;
      const message = err instanceof Error ? err.message : String(err);
      write({ errorDetail: { message }, error: message });
    }
    out?.end();
  });

  r.post('/build/prune', (x) => x.json(200, { CachesDeleted: null, SpaceReclaimed: 0 }));
}
