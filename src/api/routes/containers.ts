// Container endpoints: create, list, inspect, start, stop, kill, restart, wait, attach (hijacked), logs, remove,
// rename, prune, resize; and /events (the container service owns the event bus). Each handler parses the query,
// calls one engine verb, and writes Docker's response; validation errors come before the first byte.
import type { Router } from '../router.js';
import { exportContainer } from '../../engine/containers/export.js';
import type { Exchange } from '../exchange.js';
import type { ContainerService } from '../../engine/containers/container-service.js';
import { createContainer, type CreateRequest } from '../../engine/containers/create.js';
import { startContainer } from '../../engine/containers/start.js';
import { stopContainer } from '../../engine/containers/stop.js';
import { killContainer } from '../../engine/containers/kill.js';
import { restartContainer } from '../../engine/containers/restart.js';
import { removeContainer } from '../../engine/containers/remove.js';
import { renameContainer } from '../../engine/containers/rename.js';
import { pruneContainers } from '../../engine/containers/prune.js';
import { waitContainer, parseWaitCondition } from '../../engine/containers/wait.js';
import { attachContainer } from '../../engine/containers/attach.js';
import { resizeContainer } from '../../engine/containers/resize.js';
import { topContainer } from '../../engine/containers/top.js';
import { listContainers } from '../../engine/containers/list.js';
import { inspectContainer } from '../../engine/containers/inspect.js';
import { containerLogs } from '../../engine/containers/logs.js';
import { containerSizes } from '../../engine/containers/container-size.js';
import { parseFilters, queryBool, queryInt, queryTime } from '../query.js';
import { invalidArgument, isNotModified } from '../../errors.js';
import { eventRoutes } from './events.js';
import { archiveRoutes } from './archive.js';
import { containerStats } from '../../engine/containers/stats.js';
import { updateContainer, type UpdateRequest } from '../../engine/containers/update.js';
import { pauseContainer, unpauseContainer } from '../../engine/containers/pause.js';

/** 204, or 304 when the engine says there was nothing to do (start of a running, stop of a stopped container). */
async function noContentOr304(x: Exchange, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (isNotModified(err)) return x.noContent(304);
    throw err;
  }
  x.noContent();
}

/** `t` (and `timeout`, its older name) in seconds; `signal` from API 1.42. */
const stopOptions = (x: Exchange) => ({ timeout: queryInt(x.query, 't') ?? queryInt(x.query, 'timeout'), signal: x.query.get('signal') || undefined });

export function containerRoutes(r: Router, svc: ContainerService): void {
  eventRoutes(r, svc);
  archiveRoutes(r, svc);

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
    x.json(200, await pruneContainers(svc, parseFilters(x.query.get('filters'))));
  });

  r.get('/containers/:id/json', async (x) => {
    const size = queryBool(x.query, 'size');
    const view = inspectContainer(svc, x.params.id!, size);
    if (size) Object.assign(view, await containerSizes(svc, svc.resolve(String(view.Id))));
    x.json(200, view);
  });

  r.post('/containers/:id/start', (x) => noContentOr304(x, () => startContainer(svc, x.params.id!)));
  r.post('/containers/:id/stop', (x) => noContentOr304(x, () => stopContainer(svc, x.params.id!, stopOptions(x))));
  r.post('/containers/:id/restart', (x) => noContentOr304(x, () => restartContainer(svc, x.params.id!, stopOptions(x))));

  r.post('/containers/:id/update', async (x) => {
    x.json(200, await updateContainer(svc, x.params.id!, await x.bodyJson<UpdateRequest>()));
  });
  r.get('/containers/:id/stats', async (x) => {
    const stream = x.query.get('stream') === null ? true : queryBool(x.query, 'stream');
    const objects = containerStats(svc, x.params.id!, { stream, oneShot: queryBool(x.query, 'one-shot'), signal: x.signal });
    const first = await objects.next(); // a missing container is a 404 before the headers
    const out = x.stream(200, 'application/json');
    if (!first.done) out.write(`${JSON.stringify(first.value)}\n`);
    for await (const o of objects) out.write(`${JSON.stringify(o)}\n`);
    out.end();
  });
  r.post('/containers/:id/pause', async (x) => {
    await pauseContainer(svc, x.params.id!);
    x.noContent();
  });
  r.post('/containers/:id/unpause', async (x) => {
    await unpauseContainer(svc, x.params.id!);
    x.noContent();
  });

  r.post('/containers/:id/kill', async (x) => {
    await killContainer(svc, x.params.id!, x.query.get('signal') || 'KILL');
    x.noContent();
  });

  r.post('/containers/:id/wait', async (x) => {
    const waiting = waitContainer(svc, x.params.id!, parseWaitCondition(x.query.get('condition')), x.signal);
    // Headers now (the CLI starts the container only after it sees them), the result at the condition.
    const out = x.stream(200, 'application/json');
    out.end(`${JSON.stringify(await waiting)}\n`);
  });

  r.delete('/containers/:id', async (x) => {
    await removeContainer(svc, x.params.id!, { force: queryBool(x.query, 'force'), volumes: queryBool(x.query, 'v') });
    x.noContent();
  });

  r.post('/containers/:id/rename', async (x) => {
    await renameContainer(svc, x.params.id!, x.query.get('name') ?? '');
    x.noContent();
  });

  r.get('/containers/:id/top', async (x) => {
    x.json(200, await topContainer(svc, x.params.id!, x.query.get('ps_args')));
  });

  r.post('/containers/:id/resize', async (x) => {
    await resizeContainer(svc, x.params.id!, { h: x.query.get('h'), w: x.query.get('w') });
    x.noContent(200);
  });

  r.post('/containers/:id/attach', async (x) => {
    const want = (k: string) => queryBool(x.query, k);
    const attach = await attachContainer(svc, x.params.id!, { stdin: want('stdin'), stdout: want('stdout'), stderr: want('stderr'), detachKeys: x.query.get('detachKeys') });
    const socket = x.hijack(attach.tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream');
    await attach.run(socket);
  });

  r.get('/containers/:id/export', async (x) => {
    await exportContainer(svc, x.params.id!, () => x.stream(200, 'application/x-tar'), x.signal);
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
      since: queryTime(x.query, 'since'),
      until: queryTime(x.query, 'until'),
      follow: queryBool(x.query, 'follow'),
      timestamps: queryBool(x.query, 'timestamps'),
      details: queryBool(x.query, 'details'),
      coalesce: demuxesAsBytes(x.headers['user-agent']),
      signal: x.signal,
    });
    const tty = svc.resolve(x.params.id!).config.Tty === true;
    const out = x.stream(200, tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream');
    for await (const chunk of chunks) {
      if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
    }
    out.end();
  });
}

/** Clients known to read a multiplexed stream as bytes, whatever the frame boundaries: the docker CLI and berth. */
function demuxesAsBytes(userAgent: string | undefined): boolean {
  return userAgent !== undefined && (userAgent.startsWith('Docker-Client/') || userAgent.startsWith('berth-cli'));
}
