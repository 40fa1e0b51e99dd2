// Wiring only: builds the services from the config, hands each what it needs, mounts the routes, listens.
import { mkdir, writeFile, rm } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Paths, type DaemonConfig } from '../config/config.js';
import { createLogger, setLogLevel, type Logger } from '../log.js';
import { ApiServer } from '../api/server.js';
import { Router } from '../api/router.js';
import { systemRoutes } from '../api/routes/system.js';
import { imageRoutes } from '../api/routes/images.js';
import { containerRoutes } from '../api/routes/containers.js';
import { ImageService } from '../engine/images/image-service.js';
import { ContainerService } from '../engine/containers/container-service.js';
import { RegistryService } from '../engine/images/registry-service.js';
import { buildInfo, buildVersion, readHostFacts } from '../engine/system/info.js';

export class Daemon {
  readonly log: Logger;
  readonly paths: Paths;
  #api: ApiServer | undefined;
  #containers: ContainerService | undefined;

  constructor(readonly config: DaemonConfig) {
    setLogLevel(config.logLevel);
    this.log = createLogger({ module: 'daemon' });
    this.paths = new Paths(config.dataRoot, config.execRoot);
  }

  async start(): Promise<void> {
    const { config, paths } = this;
    await mkdir(config.dataRoot, { recursive: true, mode: 0o711 });
    await mkdir(config.execRoot, { recursive: true, mode: 0o711 });
    const facts = await readHostFacts(config.runtime);

    let containers: ContainerService | undefined;
    const images = new ImageService({ paths, log: createLogger({ module: 'images' }), users: () => containers! });
    containers = new ContainerService({ config, paths, log: createLogger({ module: 'containers' }), images });
    this.#containers = containers;
    await images.init();
    const registry = new RegistryService(images, {
      certsDir: config.registryCertsDir,
      insecureRegistries: config.insecureRegistries,
      mirrors: config.registryMirrors,
    });
    await containers.init();

    const router = new Router();
    systemRoutes(router, {
      version: () => buildVersion(facts),
      info: async () =>
        buildInfo({ facts, counts: containers.counts(), images: images.count(), dataRoot: config.dataRoot, runtimePath: config.runtime, debug: config.logLevel === 'debug' }),
      login: (domain, credentials, signal) => registry.login(domain, credentials, signal),
    });
    imageRoutes(router, images, registry);
    containerRoutes(router, containers);

    this.#api = new ApiServer({ router, log: createLogger({ module: 'api' }) });
    const gid = config.group ? await groupId(config.group) : undefined;
    for (const host of config.hosts) await this.#api.listenUnix(host.slice('unix://'.length), gid);
    await writeFile(config.pidfile, `${process.pid}`);
    this.log.info('berthd started', { hosts: config.hosts, dataRoot: config.dataRoot, execRoot: config.execRoot });
  }

  /** Closes the API; containers keep running under their conmon. */
  async stop(): Promise<void> {
    await this.#api?.close();
    await this.#containers?.shutdown();
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
