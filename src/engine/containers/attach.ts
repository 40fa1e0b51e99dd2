// `POST /containers/{id}/attach`: the hijacked connection joins the container's attach hub: output from now on
// (the log, followed until the exit), stdin to conmon's attach socket when the container keeps stdin open. On a
// TTY the detach keys end the connection and leave the container running (clients that do not watch for them
// themselves, as the docker CLI does, rely on this).
import type { Duplex } from 'node:stream';
import type { ContainerService } from './container-service.js';
import { DEFAULT_DETACH_KEYS, parseDetachKeys } from '../../common/detach-keys.js';
import { invalidArgument } from '../../errors.js';

/** The byte sequence for a request's detach keys; docker's 400 for a bad one. */
export function serverDetachKeys(spec: string | null | undefined): Buffer {
  try {
    return parseDetachKeys(spec || DEFAULT_DETACH_KEYS);
  } catch (err) {
    throw invalidArgument(`Invalid detach keys (${spec}) provided: ${(err as Error).message}`);
  }
}

export interface AttachOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  /** `detachKeys` of the request; docker's default (ctrl-p,ctrl-q) when empty. Watched on a TTY's input only. */
  detachKeys?: string | null;
}

/**
 * Resolves the container and the log position to follow from, both before the hijack: once the client has its
 * 101 it may start the container at once, and output written from then on must not fall before the offset.
 */
export async function attachContainer(svc: ContainerService, ref: string, o: AttachOptions): Promise<{ tty: boolean; run(socket: Duplex): Promise<void> }> {
  const rec = svc.resolve(ref);
  const tty = rec.config.Tty === true;
  const detachKeys = tty ? serverDetachKeys(o.detachKeys) : undefined;
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
      await svc.hub(rec).add({ socket, stdout: o.stdout, stderr: o.stderr, stdin, raw: tty, detachKeys }, offset);
    },
  };
}
