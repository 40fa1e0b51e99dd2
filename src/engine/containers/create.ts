// `POST /containers/create`: merges the image config with the request (Docker's rules), checks the name,
// and writes the record plus the container's own files. Nothing runs yet.
import { validateSecurity } from './security-spec.js';
import { mergeHealthcheck, healthcheckError, type Healthcheck } from '../../container/health.js';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newId, shortId } from '../../common/ids.js';
import { mergeEnv } from '../../runtime/spec/build-spec.js';
import { validateName, generateName } from '../../container/names.js';
import { nameInUse, invalidArgument } from '../../errors.js';
import type { ContainerService } from './container-service.js';
import { initialState, type ContainerRecord, type DockerContainerConfig, type DockerHostConfig } from './container-record.js';
import { writeContainerFiles } from './container-files.js';
import { withHostConfigDefaults } from './host-config-defaults.js';
import { runtimeOptions } from './runtime-options.js';
import { prepareMounts } from './container-mounts.js';
import { containerLogPolicy } from './log-rotation.js';
import type { ApiMount } from '../../volumes/mount-spec.js';

export interface CreateRequest extends DockerContainerConfig {
  HostConfig?: DockerHostConfig;
  NetworkingConfig?: unknown;
}

const asList = (v: string[] | string | null | undefined): string[] | undefined =>
  v === null || v === undefined ? undefined : Array.isArray(v) ? v : [v];

export async function createContainer(svc: ContainerService, body: CreateRequest, requestedName: string | undefined): Promise<{ Id: string; Warnings: string[] }> {
  if (!body || typeof body !== 'object') throw invalidArgument('config cannot be empty in order to create a container');
  if (!body.Image) throw invalidArgument('No command specified');
  const name = requestedName ? validateName(requestedName) : generateName((n) => svc.names.has(n));
  const holder = svc.names.get(name);
  if (holder) throw nameInUse(name, holder);
  const hostConfig: DockerHostConfig = withHostConfigDefaults(body.HostConfig ?? {}, {
    logDriver: 'k8s-file',
    cgroupnsMode: 'host', // cgroup v1 controllers (hybrid): dockerd's default there
    runtime: svc.options.runtimes.default.name,
  });
  // the daemon's runtimes (its default and the others installed); dockerd's words for a name it does not have
  if (!svc.options.runtimes.byName.has(String(hostConfig.Runtime))) throw invalidArgument(`unknown or invalid runtime name: ${hostConfig.Runtime}`);
  const mode = hostConfig.NetworkMode ?? 'default';
  if (!svc.options.networking && !['default', 'bridge', 'none', 'host', ''].includes(mode) && !mode.startsWith('container:')) {
    throw invalidArgument(`network ${mode} not found`);
  }
  if (hostConfig.AutoRemove && hostConfig.RestartPolicy?.Name && !['', 'no'].includes(hostConfig.RestartPolicy.Name)) {
    throw invalidArgument('can\'t create \'AutoRemove\' container with restart policy');
  }

  const healthError = healthcheckError(body.Healthcheck as Healthcheck | undefined);
  if (healthError) throw invalidArgument(healthError);
  containerLogPolicy(hostConfig); // dockerd's LogConfig errors (driver, option keys, values) before anything exists
  validateSecurity(hostConfig);
  validateUserns(hostConfig, svc.options.idMap !== undefined, mode);
  runtimeOptions(hostConfig); // Docker's 400s (unknown capability, too little memory, ...) before anything exists
  const image = await svc.options.images.getImageForRun(body.Image);
  const img = image.config;
  const requestEntrypoint = asList(body.Entrypoint);
  let entrypoint: string[];
  let cmd: string[];
  if (requestEntrypoint !== undefined) {
    entrypoint = requestEntrypoint.length === 1 && requestEntrypoint[0] === '' ? [] : requestEntrypoint;
    cmd = asList(body.Cmd) ?? [];
  } else {
    entrypoint = img.Entrypoint ?? [];
    cmd = asList(body.Cmd) ?? img.Cmd ?? [];
  }
  const argv = [...entrypoint, ...cmd];
  if (argv.length === 0) throw invalidArgument('no command specified');

  const id = newId();
  const config: DockerContainerConfig = {
    ...body,
    Hostname: body.Hostname || (mode === 'host' ? (await import('node:os')).hostname() : shortId(id)),
    Domainname: body.Domainname ?? '',
    User: body.User || img.User || '',
    AttachStdin: body.AttachStdin ?? false,
    AttachStdout: body.AttachStdout ?? false,
    AttachStderr: body.AttachStderr ?? false,
    Tty: body.Tty === true,
    OpenStdin: body.OpenStdin ?? false,
    StdinOnce: body.StdinOnce ?? false,
    Env: mergeEnv(img.Env, body.Env ?? undefined),
    Cmd: cmd.length ? cmd : null,
    Image: body.Image,
    Volumes: body.Volumes ?? img.Volumes ?? null,
    WorkingDir: body.WorkingDir || img.WorkingDir || '',
    Entrypoint: entrypoint.length ? entrypoint : null,
    Labels: { ...(img.Labels ?? {}), ...(body.Labels ?? {}) },
    StopSignal: body.StopSignal || img.StopSignal || undefined,
    Healthcheck: mergeHealthcheck(body.Healthcheck as Healthcheck | undefined, img.Healthcheck),
  };
  if (config.Healthcheck === undefined) delete config.Healthcheck;
  delete (config as Record<string, unknown>).HostConfig;
  delete (config as Record<string, unknown>).NetworkingConfig;
  const mounts = await prepareMounts(
    svc.options.volumes,
    {
      binds: hostConfig.Binds,
      mounts: hostConfig.Mounts as ApiMount[] | undefined,
      tmpfs: hostConfig.Tmpfs as Record<string, string> | undefined,
      volumes: [img.Volumes as Record<string, unknown> | undefined, body.Volumes as Record<string, unknown> | undefined],
      volumesFrom: hostConfig.VolumesFrom as string[] | undefined,
    },
    (ref) => svc.resolve(ref),
  );
  const rec: ContainerRecord = {
    id,
    name,
    created: new Date().toISOString(),
    path: argv[0]!,
    args: argv.slice(1),
    config,
    hostConfig,
    imageId: image.id,
    state: initialState(),
    restartCount: 0,
    mounts,
  };
  const dir = svc.paths.container(id);
  svc.names.set(name, id); // reserve before the first await that could interleave with another create
  try {
    await mkdir(join(dir, 'upper'), { recursive: true });
    await mkdir(join(dir, 'work'), { recursive: true });
    await writeContainerFiles(dir, String(config.Hostname), mode === 'host');
    const userns = svc.usernsOf(rec);
    if (userns) {
      // the container's root owns its / (the upper dir's root) and the files it sees as /etc/hosts and friends
      for (const f of ['upper', 'hostname', 'hosts', 'resolv.conf']) await chown(join(dir, f), userns.uid, userns.gid).catch(() => {});
    }
    await svc.options.networking?.register(id, mode, (body.NetworkingConfig as { EndpointsConfig?: Parameters<NonNullable<typeof svc.options.networking>['register']>[2] } | undefined)?.EndpointsConfig ?? undefined);
    await writeFile(join(dir, 'ctr.log'), ''); // attach clients follow it from before the first start
    await svc.save(rec);
  } catch (err) {
    svc.names.delete(name);
    for (const m of mounts) if (m.anonymous) await svc.options.volumes?.remove(m.Name!, true).catch(() => {});
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  svc.records.set(id, rec);
  svc.emit(rec, 'create');
  return { Id: id, Warnings: [] };
}

/** dockerd's rules under `--userns-remap`: host namespaces and privileged mode need `--userns=host`. */
function validateUserns(hostConfig: DockerHostConfig, remapped: boolean, networkMode: string): void {
  const usernsMode = String(hostConfig.UsernsMode ?? '');
  if (usernsMode !== '' && usernsMode !== 'host') throw invalidArgument(`invalid USER mode: ${usernsMode}`);
  if (!remapped || usernsMode === 'host') return;
  if (networkMode === 'host') throw invalidArgument("cannot share the host's network namespace when user namespaces are enabled");
  if (hostConfig.PidMode === 'host') throw invalidArgument('cannot share the host PID namespace when user namespaces are enabled');
  if (hostConfig.Privileged) {
    throw invalidArgument('privileged mode is incompatible with user namespaces.  You must run the container in the host namespace when running privileged mode');
  }
}
