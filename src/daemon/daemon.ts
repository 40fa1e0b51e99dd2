// Wiring only: builds the services from the config, hands each what it needs, mounts the routes, listens.
import { join } from 'node:path';
import { chown, mkdir, writeFile, rm } from 'node:fs/promises';
import { resolveUsernsRemap } from '../config/userns-remap.js';
import { prepareRuntimes } from '../runtime/runtime-binary.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Paths, type DaemonConfig } from '../config/config.js';
import { createLogger, setLogLevel, type Logger } from '../log.js';
import { ApiServer } from '../api/server.js';
import { Router } from '../api/router.js';
import { systemRoutes } from '../api/routes/system.js';
import { imageRoutes } from '../api/routes/images.js';
import { containerRoutes } from '../api/routes/containers.js';
import { execRoutes } from '../api/routes/exec.js';
import { ExecService } from '../engine/exec/exec-service.js';
import { HealthMonitor } from '../engine/health/health-monitor.js';
import { networkRoutes } from '../api/routes/networks.js';
import { volumeRoutes } from '../api/routes/volumes.js';
import { systemDfRoutes } from '../api/routes/system-df.js';
import { VolumeService } from '../engine/volumes/volume-service.js';
import { volumeNames } from '../engine/containers/container-mounts.js';
import { NetworkService } from '../engine/networks/network-service.js';
import { containerNetworking } from '../engine/networks/container-networking.js';
import { reopenPorts } from '../engine/networks/sandbox.js';
import { ImageService } from '../engine/images/image-service.js';
import { ContainerService } from '../engine/containers/container-service.js';
import { RegistryService } from '../engine/images/registry-service.js';
import { buildInfo, buildVersion, readHostFacts } from '../engine/system/info.js';
import { buildRoutes } from '../api/routes/build.js';
import { commitRoutes } from '../api/routes/commit.js';
import { Builder } from '../builder/builder.js';

export class Daemon {
  readonly log: Logger;
  paths: Paths;
  #api: ApiServer | undefined;
  #containers: ContainerService | undefined;
  #networks: NetworkService | undefined;
  #volumes: VolumeService | undefined;

  constructor(readonly config: DaemonConfig) {
    setLogLevel(config.logLevel);
    this.log = createLogger({ module: 'daemon' });
    this.paths = new Paths(config.dataRoot, config.execRoot);
  }

  async start(): Promise<void> {
    const { config } = this;
    await mkdir(config.dataRoot, { recursive: true, mode: 0o711 });
    await mkdir(config.execRoot, { recursive: true, mode: 0o711 });
    // Under --userns-remap everything lives in <data-root>/<uid>.<gid> (as dockerd): layers are stored shifted.
    const idMap = config.usernsRemap ? await resolveUsernsRemap(config.usernsRemap) : undefined;
    if (idMap) {
      const root = join(config.dataRoot, `${idMap.uid}.${idMap.gid}`);
      await mkdir(root, { recursive: true, mode: 0o700 });
      await chown(root, idMap.uid, idMap.gid); // the containers' root reaches its bind mounts' sources through it
      this.paths = new Paths(root, config.execRoot);
      this.log.info('user namespace remapping', { uid: idMap.uid, gid: idMap.gid, size: idMap.size });
    }
    const paths = this.paths;
    const runtimes = await prepareRuntimes(config.runtime, config.execRoot);
    for (const r of runtimes.byName.values()) {
      if (r.exec === r.path) this.log.warn('running the OCI runtime from its own path (no sealed copy could be made)', { runtime: r.path });
    }
    const facts = await readHostFacts(runtimes.default);

    let containers: ContainerService | undefined;
    const images = new ImageService({ paths, log: createLogger({ module: 'images' }), users: () => containers!, idMap });
    const pool = /^base=([^,]+),size=(\d+)$/.exec(config.defaultAddressPool)!;
    const networks = new NetworkService({ bridge: config.bridge, bip: config.bip, pool: { base: pool[1]!, size: Number(pool[2]) } }, paths.dataRoot, createLogger({ module: 'networks' }));
    this.#networks = networks;
    const volumes = new VolumeService(paths.volumes, createLogger({ module: 'volumes' }), idMap);
    this.#volumes = volumes;
    containers = new ContainerService({ config, paths, log: createLogger({ module: 'containers' }), images, networking: containerNetworking(networks), volumes, idMap, runtimes });
    volumes.events = containers.events;
    networks.events = containers.events;
    volumes.users = (name) => [...containers!.records.values()].filter((r) => volumeNames(r).includes(name)).map((r) => r.id);
    this.#containers = containers;
    const c = containers;
    networks.containers = {
      resolve: (ref) => {
        const rec = c.resolve(ref);
        return { id: rec.id, name: rec.name, running: rec.state.status === 'running' || rec.state.status === 'paused' };
      },
      get: (id) => {
        const rec = c.records.get(id);
        return rec && { id: rec.id, name: rec.name, running: rec.state.status === 'running' || rec.state.status === 'paused' };
      },
    };
    await images.init();
    const registry = new RegistryService(images, {
      certsDir: config.registryCertsDir,
      insecureRegistries: config.insecureRegistries,
      mirrors: config.registryMirrors,
    });
    await mkdir(paths.networks, { recursive: true, mode: 0o700 });
    // Containers are re-adopted first; the networks then reconcile against the ones still running (leases,
    // namespaces and devices of the others go) and running containers' published ports listen again.
    await volumes.init();
    await containers.init();
    const running = new Set([...containers.records.values()].filter((r) => r.state.status === 'running' || r.state.status === 'paused').map((r) => r.id));
    await networks.init(running);
    for (const id of running) await reopenPorts(networks, id, containers.records.get(id)!.name);
    await containers.restarts.restored(); // restart policies, once networking is ready

    const router = new Router();
    systemRoutes(router, {
      version: () => buildVersion(facts),
      info: async () =>
        buildInfo({ facts, counts: containers.counts(), images: images.count(), dataRoot: paths.dataRoot, runtimes: [...runtimes.byName.values()].map((r) => ({ name: r.name, path: r.path })), debug: config.logLevel === 'debug', userns: idMap !== undefined }),
      login: (domain, credentials, signal) => registry.login(domain, credentials, signal),
    });
    imageRoutes(router, images, registry);
    containerRoutes(router, containers);
    const execs = new ExecService(containers);
    execRoutes(router, execs);
    new HealthMonitor(containers, execs);
    networkRoutes(router, networks);
    volumeRoutes(router, volumes);
    systemDfRoutes(router, images, containers, volumes);
    const builder = new Builder({ paths, log: createLogger({ module: 'builder' }), images, containers, registry });
    await builder.init();
    buildRoutes(router, builder);
    commitRoutes(router, containers, images);

    this.#api = new ApiServer({ router, log: createLogger({ module: 'api' }) });
    const gid = config.group ? await groupId(config.group) : undefined;
    for (const host of config.hosts) await this.#api.listenUnix(host.slice('unix://'.length), gid);
    await writeFile(config.pidfile, `${process.pid}`);
    this.log.info('berthd started', { hosts: config.hosts, dataRoot: paths.dataRoot, execRoot: config.execRoot });
  }

  /** Closes the API; containers keep running under their conmon. */
  async stop(): Promise<void> {
    await this.#api?.close();
    await this.#containers?.shutdown();
    await this.#networks?.shutdown();
    await this.#volumes?.shutdown();
    await rm(this.config.pidfile, { force: true });
    for (const host of this.config.hosts) await rm(host.slice('unix://'.length), { force: true });
    this.log.info('berthd stopped');
  }
}

async function groupId(group: string): Promise<number> {
  if (/^\d+$/.test(group)) return Number(group);
  const { stdout } = await promisify(execFile)('getent', ['group', group]);
  const gid = Number(stdout.split(':')[2]);
  if (!Number.isInteger(gid)) throw new Error(`group ${group} not found`);
  return gid;
}
