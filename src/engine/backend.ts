// The contracts between the engine's services, and between the engine and the API layer. The API routes call
// the services through these role interfaces only (moby's backend.go); daemon/ wires the implementations.

import type { ContainerConfigInImage } from '../image/image-config.js';
import type { PortBindings } from '../network/port-spec.js';

/** The part of an image's config a container is created from (Docker's image `config` object). */
export type ImageRunConfig = ContainerConfigInImage;

/** What the container service needs of an image to create and run a container from it. */
export interface ImageForRun {
  /** Docker's image ID: the config digest, `sha256:<hex>`. */
  id: string;
  /** The reference as the user should see it in `docker ps` (e.g. `busybox`, or the ID when it has no tag). */
  displayName: string;
  config: ImageRunConfig;
  /** Overlay lower directories, top-most layer first (the order overlayfs `lowerdir=` wants). Never empty. */
  lowerDirs: string[];
}

/** Implemented by the image service; used by the container service. */
export interface ImageProvider {
  /** Resolves a name, tag, digest reference, full or short image ID. Throws `No such image: <ref>`. */
  getImageForRun(ref: string): Promise<ImageForRun>;
  /** The image ID a reference resolves to, or undefined (for filters such as `ancestor=`). */
  imageIdOf(ref: string): string | undefined;
}

/** Implemented by the container service; used by the image service (rmi conflicts, prune, `Containers` count). */
export interface ImageUsers {
  containersUsingImage(imageId: string): Array<{ id: string; running: boolean }>;
}

/** Counts for `/info`. */
export interface ContainerCounts {
  containers: number;
  running: number;
  paused: number;
  stopped: number;
}

/** What the network service needs of a container to set up its sandbox. */
export interface SandboxRequest {
  id: string;
  name: string;
  hostname: string;
  domainname: string;
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
  extraHosts: string[];
  portBindings?: PortBindings;
  exposedPorts?: Record<string, unknown>;
  publishAll: boolean;
  /** Where the container's /etc/hosts and /etc/resolv.conf live (bind-mounted by the runtime). */
  hostsPath: string;
  resolvConfPath: string;
  /** Adopt this process's network namespace (made by runc inside the container's user namespace) instead of making one. */
  pid?: number;
}

/** Implemented by the network service; used by the container service (create, start, exit, remove, inspect). */
export interface ContainerNetworking {
  /** At create: checks the network mode names a network and remembers the endpoint settings. */
  register(id: string, mode: string | undefined, endpoints: Record<string, { Aliases?: string[] | null; IPAMConfig?: { IPv4Address?: string } | null }> | undefined): Promise<void>;
  /** At start: the container's network namespace (path for runc), addresses, /etc/hosts, resolv.conf, ports. */
  setUp(c: SandboxRequest): Promise<string>;
  /** At exit (and after a failed start): everything setUp made goes (the host's veth ends just after: hostLinksReleased). */
  tearDown(id: string): Promise<void>;
  /** Resolves once the host ends of the container's veths are gone too. */
  hostLinksReleased(id: string): Promise<void>;
  forget(id: string): Promise<void>;
  settings(id: string, mode: string | undefined): Record<string, unknown>;
}

/** `POST /build` as the builder takes it (implemented in builder/, wired by the daemon). */
export interface BuildRequest {
  body: import('node:stream').Readable;
  /** Path of the Dockerfile inside the context. */
  dockerfile: string;
  tags: string[];
  buildArgs: Record<string, string | null>;
  target: string | undefined;
  noCache: boolean;
  /** Images whose history may stand in for the cache (`cachefrom`: e.g. pulled from a registry in CI). */
  cacheFrom?: string[];
  pull: boolean;
  /** Remove intermediate containers after a successful step (a failed step's container always goes). */
  rm: boolean;
  labels: Record<string, string>;
  quiet: boolean;
  networkMode: string | undefined;
  /** `os/arch[/variant]` for FROM images that must be pulled (a FROM --platform wins). */
  platform?: string;
  /** Resource limits for the RUN containers, as HostConfig fields (Memory, MemorySwap, CpuShares, CpuQuota, …). */
  runLimits?: Record<string, number | string>;
  credentialsFor?: (domain: string) => { username?: string; password?: string; identityToken?: string; registryToken?: string } | undefined;
  signal?: AbortSignal;
}

/** Docker's build message stream: `{"stream": …}` lines and `{"aux": {"ID": …}}`. */
export interface BuildOutput {
  stream(text: string): void;
  aux(value: unknown): void;
}

export interface BuildBackend {
  build(req: BuildRequest, out: BuildOutput): Promise<string>;
}
