// `POST /containers/{id}/start`: overlay rootfs -> OCI bundle -> conmon (runc create) -> attach socket (when a
// client waits on it) -> runc start. A failure leaves nothing running or mounted, and is recorded on the container.
import { securitySpec } from './security-spec.js';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mountRootfs, releaseBundle, writeBundleSpec } from '../../runtime/bundle.js';
import { buildSpec, type SpecInput } from '../../runtime/spec/build-spec.js';
import { resolveUser } from '../../runtime/spec/user.js';
import { ociMounts } from './container-mounts.js';
import { startConmon } from '../../runtime/conmon.js';
import { runtimeOptions } from './runtime-options.js';
import { canStart, transition } from '../../container/state.js';
import { BerthError, notModified, containerPaused } from '../../errors.js';
import type { ContainerService } from './container-service.js';
import type { ContainerRecord } from './container-record.js';

export async function startContainer(svc: ContainerService, ref: string, o: { byPolicy?: boolean } = {}): Promise<void> {
  const rec = svc.resolve(ref);
  await svc.locks.run(rec.id, async () => {
    if (!o.byPolicy) svc.restarts.userStarted(rec);
    if (rec.state.status === 'running') throw notModified('container already started');
    if (rec.state.status === 'paused') throw containerPaused(rec.id);
    if (!canStart(rec.state.status)) throw new BerthError('conflict', 'ERR_CONTAINER_STATE', `cannot start a container in state ${rec.state.status}`);
    await startNow(svc, rec);
  });
}

async function startNow(svc: ContainerService, rec: ContainerRecord): Promise<void> {
  const { paths, config } = svc.options;
  const runtimeDir = paths.runtimeDir(rec.id);
  const dir = paths.container(rec.id);
  const before = rec.state.status;
  const t0 = performance.now();
  const lap: Record<string, number> = {};
  // In a user namespace the network namespace must be the container's own (runc makes it inside the user
  // namespace, else /sys cannot be mounted): the sandbox adopts it once runc has created the container.
  const userns = svc.usernsOf(rec);
  await svc.networkReleased(rec.id);
  try {
    const image = await svc.options.images.getImageForRun(rec.imageId);
    await mkdir(join(runtimeDir, 'persist'), { recursive: true });
    const rootfs = await mountRootfs(runtimeDir, { lowerDirs: image.lowerDirs, upperDir: join(dir, 'upper'), workDir: join(dir, 'work') });
    lap.mounted = performance.now() - t0;
    const [passwd, group] = await Promise.all([
      readFile(join(rootfs, 'etc/passwd'), 'utf8').catch(() => ''),
      readFile(join(rootfs, 'etc/group'), 'utf8').catch(() => ''),
    ]);
    const user = resolveUser(rec.config.User || undefined, passwd, group, (rec.hostConfig.GroupAdd as string[] | undefined) ?? []);
    const input: SpecInput = {
      rootfs,
      args: [rec.path, ...rec.args],
      env: rec.config.Tty && !(rec.config.Env ?? []).some((e) => e.startsWith('TERM=')) ? [...(rec.config.Env ?? []), 'TERM=xterm'] : (rec.config.Env ?? []),
      terminal: rec.config.Tty === true,
      consoleSize: consoleSize(rec.hostConfig.ConsoleSize),
      cwd: rec.config.WorkingDir || '/',
      user,
      hostname: String(rec.config.Hostname ?? ''),
      network: userns && svc.bridged(rec) ? { mode: 'private' } : await networkFor(svc, rec),
      idMap: userns,
      binds: [
        { source: join(dir, 'hostname'), destination: '/etc/hostname' },
        { source: join(dir, 'hosts'), destination: '/etc/hosts' },
        { source: join(dir, 'resolv.conf'), destination: '/etc/resolv.conf' },
      ],
      mounts: await ociMounts(svc.options.volumes, rec.mounts ?? [], rootfs, rec.id),
      cgroupsPath: `${config.cgroupParent}/${rec.id}`,
      nofileHard: svc.nofileHard,
      ...runtimeOptions(rec.hostConfig),
      ...(await securitySpec(rec.hostConfig, runtimeOptions(rec.hostConfig).capabilities ?? [])),
      shmSize: typeof rec.hostConfig.ShmSize === 'number' && rec.hostConfig.ShmSize > 0 ? rec.hostConfig.ShmSize : undefined,
    };
    await writeBundleSpec(runtimeDir, buildSpec(input));
    lap.spec = performance.now() - t0;
    const hub = svc.hub(rec);
    const pid = await startConmon({
      conmon: config.conmon,
      runtime: svc.runtimeOf(rec).create,
      runtimeRoot: paths.runcRoot,
      id: rec.id,
      bundle: runtimeDir,
      logPath: join(dir, 'ctr.log'),
      exitDir: paths.exitDir,
      persistDir: join(runtimeDir, 'persist'),
      socketDir: paths.socketDir,
      stdin: rec.config.OpenStdin === true,
      // a terminal's input is never closed by a client leaving (docker closes only a non-TTY StdinOnce stdin)
      leaveStdinOpen: rec.config.OpenStdin === true && (rec.config.StdinOnce !== true || rec.config.Tty === true),
      terminal: rec.config.Tty === true,
    });
    lap.created = performance.now() - t0;
    if (userns && svc.bridged(rec)) await networkFor(svc, rec, pid);
    // Running from here on: the process may exit (and its exit be recorded) before `runc start` even returns.
    rec.state = { ...rec.state, status: transition(rec.state.status, 'start'), pid, exitCode: 0, error: '', oomKilled: false, startedAt: new Date().toISOString() };
    hub.started();
    svc.watchLog(rec);
    svc.emit(rec, 'start');
    await svc.runtime(rec).start(rec.id);
    lap.started = performance.now() - t0;
    await svc.save(rec);
    svc.log.debug('container started', { container: rec.id, ms: lap });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await svc.runtime(rec).delete(rec.id, true).catch(() => {});
    await svc.options.networking?.tearDown(rec.id).catch(() => {});
    await releaseBundle(runtimeDir).catch((e: unknown) => svc.log.warn('releasing the bundle after a failed start', { container: rec.id, err: e }));
    svc.hubs.get(rec.id)?.close();
    rec.state = { ...rec.state, status: rec.state.status === 'running' ? before : rec.state.status, error: message, exitCode: exitCodeFor(message) };
    await svc.save(rec).catch(() => {});
    // Docker removes an --rm container whose start failed (the CLI waits for that removal).
    if (rec.hostConfig.AutoRemove) await svc.removeNow(rec, true).catch(() => {});
    if (err instanceof BerthError) throw err;
    throw startError(message, err);
  }
}

/** Docker's HostConfig.ConsoleSize `[height, width]` (API >= 1.42), when set. */
function consoleSize(v: unknown): { height: number; width: number } | undefined {
  if (!Array.isArray(v) || v.length !== 2) return undefined;
  const [height, width] = v.map(Number) as [number, number];
  return height > 0 && width > 0 ? { height, width } : undefined;
}

/** The spec's network namespace; for bridge networks the sandbox (in the namespace of process `pid` when given). */
async function networkFor(svc: ContainerService, rec: ContainerRecord, pid?: number): Promise<SpecInput['network']> {
  const mode = rec.hostConfig.NetworkMode ?? 'default';
  if (mode === 'host') return { mode: 'host' };
  const networking = svc.options.networking;
  if (networking && svc.bridged(rec)) {
    const dir = svc.paths.container(rec.id);
    const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
    const path = await networking.setUp({
      id: rec.id,
      name: rec.name,
      hostname: String(rec.config.Hostname ?? ''),
      domainname: String(rec.config.Domainname ?? ''),
      dns: strings(rec.hostConfig.Dns),
      dnsSearch: strings(rec.hostConfig.DnsSearch),
      dnsOptions: strings(rec.hostConfig.DnsOptions),
      extraHosts: strings(rec.hostConfig.ExtraHosts),
      portBindings: (rec.hostConfig.PortBindings ?? undefined) as Parameters<typeof networking.setUp>[0]['portBindings'],
      exposedPorts: rec.config.ExposedPorts ?? undefined,
      publishAll: rec.hostConfig.PublishAllPorts === true,
      hostsPath: join(dir, 'hosts'),
      resolvConfPath: join(dir, 'resolv.conf'),
      pid,
    });
    return { mode: 'path', path };
  }
  if (mode.startsWith('container:')) {
    const other = svc.resolve(mode.slice('container:'.length));
    if (other.state.status !== 'running') throw new BerthError('conflict', 'ERR_CONTAINER_NOT_RUNNING', `cannot join network of a non running container: ${other.id}`);
    return { mode: 'path', path: `/proc/${other.state.pid}/ns/net` };
  }
  return { mode: 'private' };
}

/** Docker's exit codes for a container that could not start: 127 not found, 126 not executable, else 128. */
export function exitCodeFor(message: string): number {
  if (/executable file not found|no such file or directory/i.test(message)) return 127;
  if (/permission denied/i.test(message)) return 126;
  return 128;
}

function startError(message: string, cause: unknown): BerthError {
  const text = `failed to create task for container: ${message}: unknown`;
  const kind = exitCodeFor(message) === 128 ? 'internal' : 'invalid-argument';
  return new BerthError(kind, 'ERR_CONTAINER_START', text, { cause });
}
