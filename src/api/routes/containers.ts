// Container endpoints: create, list, inspect, start, stop, kill, restart, wait, attach (hijacked), logs, remove,
// rename, prune, resize.
import type { Router } from '../router.js';
import type { Exchange } from '../exchange.js';
import type { ContainerService, WaitCondition } from '../../engine/containers/container-service.js';
import { createContainer, type CreateRequest } from '../../engine/containers/create-container.js';
import { startContainer } from '../../engine/containers/start-container.js';
import { listContainers, inspectContainer } from '../../engine/containers/container-views.js';
import { containerLogs } from '../../engine/containers/container-logs.js';
import { containerSizes } from '../../engine/containers/container-size.js';
import { parseFilters, queryBool, queryInt } from '../query.js';
import { invalidArgument, isNotModified } from '../../errors.js';

/** Docker's `since`/`until`: unix seconds (with fraction), RFC 3339, or a duration relative to now (`10m`). */
export function parseTimeParam(v: string | null): number | undefined {
  if (v === null || v === '' || v === '0') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const d = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$/.exec(v);
  if (d) {
    const mult: Record<string, number> = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
    return Date.now() / 1000 - Number(d[1]) * mult[d[2]!]!;
  }
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw invalidArgument(`invalid value for time: ${v}`);
  return t / 1000;
}

export function containerRoutes(r: Router, svc: ContainerService): void {
  r.post('/containers/create', async (x) => {
    const body = await x.bodyJson<CreateRequest>();
    x.json(201, await createContainer(svc, body, x.query.get('name') || undefined));
  });

  r.get('/containers/json', async (x) => {
    const size = queryBool(x.query, 'size');
    const list = listContainers(svc, { all: queryBool(x.query, 'all'), limit: queryInt(x.query, 'limit'), size, filters: parseFilters(x.query.get('filters')) });
    if (size) await Promise.all(list.map(async (c) => Object.assign(c, await containerSizes(svc, svc.resolve(String(c.Id))))));
    x.json(200, list);
  });

  r.post('/containers/prune', async (x) => {
    const f = parseFilters(x.query.get('filters'));
    x.json(200, await svc.prune(f.label ?? []));
  });

  r.get('/containers/:id/json', async (x) => {
    const size = queryBool(x.query, 'size');
    const view = inspectContainer(svc, x.params.id!, size);
    if (size) Object.assign(view, await containerSizes(svc, svc.resolve(String(view.Id))));
    x.json(200, view);
  });

  r.post('/containers/:id/start', async (x) => {
    try {
      await startContainer(svc, x.params.id!);
    } catch (err) {
      if (isNotModified(err)) return x.noContent(304);
      throw err;
    }
    x.noContent();
  });

  const stop = async (x: Exchange) => {
    try {
      await svc.stop(x.params.id!, { timeout: queryInt(x.query, 't') ?? queryInt(x.query, 'timeout'), signal: x.query.get('signal') ?? undefined });
    } catch (err) {
      if (isNotModified(err)) return x.noContent(304);
      throw err;
    }
    x.noContent();
  };
  r.post('/containers/:id/stop', stop);

  r.post('/containers/:id/restart', async (x) => {
    const rec = svc.resolve(x.params.id!);
    if (svc.isRunning(rec)) await svc.locks.run(rec.id, () => svc.stopNow(rec, { timeout: queryInt(x.query, 't'), signal: x.query.get('signal') ?? undefined }));
    await startContainer(svc, rec.id);
    svc.events.emit('container', 'restart', rec.id, { name: rec.name });
    x.noContent();
  });

  r.post('/containers/:id/kill', async (x) => {
    await svc.kill(x.params.id!, x.query.get('signal') || 'KILL');
    x.noContent();
  });

  r.post('/containers/:id/wait', async (x) => {
    const condition = (x.query.get('condition') || 'not-running') as WaitCondition;
    if (!['not-running', 'next-exit', 'removed'].includes(condition)) throw invalidArgument(`invalid condition: "${condition}"`);
    svc.resolve(x.params.id!); // a missing container is a 404, not a stream that ends early
    const waiting = svc.wait(x.params.id!, condition);
    // Headers now (the client may start the container only after seeing them), the result at the exit.
    const out = x.stream(200, 'application/json');
    out.end(JSON.stringify(await waiting) + '\n');
  });

  r.delete('/containers/:id', async (x) => {
    await svc.remove(x.params.id!, { force: queryBool(x.query, 'force') });
    x.noContent();
  });

  r.post('/containers/:id/rename', async (x) => {
    await svc.rename(x.params.id!, x.query.get('name') ?? '');
    x.noContent();
  });

  r.post('/containers/:id/resize', (x) => {
    svc.resolve(x.params.id!);
    x.noContent(200);
  });

  r.post('/containers/:id/attach', async (x) => {
    const rec = svc.resolve(x.params.id!);
    const hub = svc.hub(rec);
    const want = (k: string) => queryBool(x.query, k);
    const stdin = want('stdin') && rec.config.OpenStdin === true;
    const socket = x.hijack('application/vnd.docker.multiplexed-stream');
    // A stopped container may be attached before `start` (docker start -a); only one on its way out may not.
    if (rec.state.status === 'removing' || rec.state.status === 'dead') {
      socket.end();
      return;
    }
    await hub.add({ socket, stdout: want('stdout'), stderr: want('stderr'), stdin, raw: false });
  });

  r.get('/containers/:id/logs', async (x) => {
    const stdout = queryBool(x.query, 'stdout');
    const stderr = queryBool(x.query, 'stderr');
    if (!stdout && !stderr) throw invalidArgument('Bad parameters: you must choose at least one stream');
    const tailRaw = x.query.get('tail');
    const tail = tailRaw === null || tailRaw === 'all' || tailRaw === '' ? undefined : Number(tailRaw);
    if (tail !== undefined && !Number.isInteger(tail)) throw invalidArgument(`invalid value for "tail": ${tailRaw}`);
    const chunks = containerLogs(svc, x.params.id!, {
      stdout,
      stderr,
      tail,
      since: parseTimeParam(x.query.get('since')),
      until: parseTimeParam(x.query.get('until')),
      follow: queryBool(x.query, 'follow'),
      timestamps: queryBool(x.query, 'timestamps'),
      signal: x.signal,
    });
    svc.resolve(x.params.id!); // 404 before the first byte
    const out = x.stream(200, 'application/vnd.docker.multiplexed-stream');
    for await (const chunk of chunks) {
      if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
    }
    out.end();
  });
}
