// One RUN step: a container from the step's parent image (created and started by the container service, so the
// same runc/conmon path as `docker run`), its output streamed into the build, its upper dir turned into a layer.
// The container is removed afterwards whatever happened (kept only after success when rm=false).
import { join } from 'node:path';
import type { ImageService, UnpackedLayer } from '../engine/images/image-service.js';
import type { ContainerService } from '../engine/containers/container-service.js';
import { createContainer } from '../engine/containers/create.js';
import { startContainer } from '../engine/containers/start.js';
import { layerFromContainer } from '../engine/containers/commit.js';
import { removeContainer } from '../engine/containers/remove.js';
import { readLog } from '../logs/k8s-file.js';

export interface RunStepInput {
  imageId: string;
  cmd: string[];
  /** Build args for the command's environment (the image's ENV comes with the image). */
  env: string[];
  user: string | undefined;
  workdir: string | undefined;
  networkMode: string | undefined;
  limits?: Record<string, number | string>;
  keepContainer: boolean;
  /** Takes work that may finish later (the container's removal after a successful step); awaited before the build ends. */
  defer: (work: Promise<unknown>) => void;
  say: (text: string) => void;
  signal?: AbortSignal;
}

export interface RunStepResult {
  exitCode: number;
  /** The step's layer, when the command succeeded (release it once the image is recorded). */
  layer: UnpackedLayer | undefined;
}

export async function runStep(deps: { images: ImageService; containers: ContainerService }, o: RunStepInput): Promise<RunStepResult> {
  const svc = deps.containers;
  const { Id: id } = await createContainer(
    svc,
    {
      Image: o.imageId,
      Cmd: o.cmd,
      Entrypoint: [''],
      Env: o.env,
      User: o.user ?? '',
      WorkingDir: o.workdir ?? '',
      Labels: {},
      HostConfig: { ...(o.limits ?? {}), NetworkMode: o.networkMode || 'default' },
    },
    undefined,
  );
  const rec = svc.records.get(id)!;
  o.say(` ---> Running in ${id.slice(0, 12)}\n`);
  let ok = false;
  try {
    const exited = svc.nextExit(id);
    const abort = () => void svc.runtime(rec).kill(id, 'KILL', true).catch(() => {});
    o.signal?.addEventListener('abort', abort, { once: true });
    try {
      await startContainer(svc, id);
      for await (const r of readLog(join(svc.paths.container(id), 'ctr.log'), { stdout: true, stderr: true, fromOffset: 0, follow: true, writerDone: exited, signal: o.signal })) {
        o.say(r.text);
      }
      await exited;
    } finally {
      o.signal?.removeEventListener('abort', abort);
    }
    const exitCode = rec.state.exitCode;
    if (exitCode !== 0) return { exitCode, layer: undefined };
    // Nothing writes to the upper dir once the container's init has exited (its PID namespace went with it): the
    // layer is read while the exit's runtime cleanup (unmount, network teardown) still runs.
    const layer = await layerFromContainer(svc, deps.images, rec);
    ok = true;
    return { exitCode, layer };
  } finally {
    if (!ok || !o.keepContainer) {
      const removal = removeContainer(svc, id, { force: true }).catch(() => {});
      // A failed step's container is gone before the failure is reported; after success the next step goes on.
      if (ok) {
        o.defer(removal);
        o.say(`Removing intermediate container ${id.slice(0, 12)}\n`);
      } else await removal;
    }
  }
}
