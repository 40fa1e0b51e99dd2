// `POST /containers/{id}/attach`: the hijacked connection joins the container's attach hub: output from now on
// (the log, followed until the exit), stdin to conmon's attach socket when the container keeps stdin open.
import type { Duplex } from 'node:stream';
import type { ContainerService } from './container-service.js';

export interface AttachOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
}

/**
 * Resolves the container and the log position to follow from, both before the hijack: once the client has its
 * 101 it may start the container at once, and output written from then on must not fall before the offset.
 */
export async function attachContainer(svc: ContainerService, ref: string, o: AttachOptions): Promise<{ tty: boolean; run(socket: Duplex): Promise<void> }> {
  const rec = svc.resolve(ref);
  const tty = rec.config.Tty === true;
  const offset = await svc.hub(rec).logOffset();
  return {
    tty,
    run: async (socket) => {
      // A stopped container may be attached before `start` (docker start -a); one on its way out may not.
      if (rec.state.status === 'removing' || rec.state.status === 'dead' || !svc.records.has(rec.id)) {
        socket.end();
        return;
      }
      const stdin = o.stdin && rec.config.OpenStdin === true;
      await svc.hub(rec).add({ socket, stdout: o.stdout, stderr: o.stderr, stdin, raw: tty }, offset);
    },
  };
}
