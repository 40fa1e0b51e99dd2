// Exec endpoints: create an exec instance in a running container, start it (hijacked stream: raw with a TTY,
// multiplexed without; or detached), resize its terminal, inspect it (ExitCode, Running, Pid).
import type { Router } from '../router.js';
import type { ExecService, ExecCreateRequest, ExecStartRequest } from '../../engine/exec/exec-service.js';
import { queryInt } from '../query.js';

export function execRoutes(r: Router, execs: ExecService): void {
  r.post('/containers/:id/exec', async (x) => {
    const body = await x.bodyJson<ExecCreateRequest>();
    x.json(201, execs.create(x.params.id!, body));
  });

  r.post('/exec/:id/start', async (x) => {
    const body = await x.bodyJson<ExecStartRequest>().catch(() => ({}) as ExecStartRequest);
    const started = await execs.start(x.params.id!, body);
    if (body.Detach) {
      await started.run(undefined);
      x.noContent(200);
      return;
    }
    const socket = x.hijack(started.tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream');
    await started.run(socket);
  });

  r.post('/exec/:id/resize', async (x) => {
    await execs.resize(x.params.id!, queryInt(x.query, 'h') ?? 0, queryInt(x.query, 'w') ?? 0);
    x.noContent(200);
  });

  r.get('/exec/:id/json', async (x) => {
    x.json(200, await execs.inspect(x.params.id!));
  });
}
