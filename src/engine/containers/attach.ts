// `POST /containers/{id}/attach`: the hijacked connection joins the container's attach hub: output from now on
// (the log, followed until the exit), stdin to conmon's attach socket when the container keeps stdin open.
import type { Duplex } from 'node:stream';
import type { ContainerService } from './container-service.js';

export interface AttachOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
}

/** Resolves the container now (404 before the hijack); the returned function streams until the stream ends. */
export function attachContainer(svc: ContainerService, ref: string, o: AttachOptions): { tty: boolean; run(socket: Duplex): Promise<void> } {
  const rec = svc.resolve(ref);
  const tty = rec.config.Tty === true;
  return {
    tty,
    run: async (socket) => {
      // A stopped container may be attached before `start` (docker start -a); one on its way out may not.
      if (rec.state.status === 'removing' || rec.state.status === 'dead' || !svc.records.has(rec.id)) {
        socket.end();
        return;
      }
      const stdin = o.stdin && rec.config.OpenStdin === true;
      await svc.hub(rec).add({ socket, stdout: o.stdout, stderr: o.stderr, stdin, raw: tty });
    },
  };
}
