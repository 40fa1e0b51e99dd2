// Host and engine facts for `/info` and `/version`, in Docker's shape. Host facts are read once (startup).
import { cpus, totalmem, hostname, release, type as osType, arch } from 'node:os';
import { readFile, access } from 'node:fs/promises';
import type { ContainerCounts } from '../backend.js';
import { API_VERSION, BERTH_VERSION, MIN_API_VERSION } from '../../api/version.js';

export interface HostFacts {
  operatingSystem: string;
  osVersion: string;
  kernelVersion: string;
  cgroupVersion: '1' | '2';
  /** runc or crun */
  runtimeName: string;
  runtimeVersion: string;
  runtimeCommit: string;
  apparmor: boolean;
  id: string;
}

export async function readHostFacts(runtime: { name: string; version: string; commit: string }): Promise<HostFacts> {
  const osRelease = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const field = (k: string) => new RegExp(`^${k}="?([^"\\n]*)"?`, 'm').exec(osRelease)?.[1] ?? '';
  const unified = await access('/sys/fs/cgroup/cgroup.controllers').then(() => true, () => false);
  const apparmor = await access('/sys/kernel/security/apparmor').then(() => true, () => false);
  const machineId = (await readFile('/etc/machine-id', 'utf8').catch(() => '')).trim();
  return {
    operatingSystem: field('PRETTY_NAME') || 'Linux',
    osVersion: field('VERSION_ID'),
    kernelVersion: release(),
    cgroupVersion: unified ? '2' : '1',
    runtimeName: runtime.name,
    runtimeVersion: runtime.version,
    runtimeCommit: runtime.commit,
    apparmor,
    id: machineId,
  };
}

export interface InfoInputs {
  facts: HostFacts;
  counts: ContainerCounts;
  images: number;
  dataRoot: string;
  /** The daemon's runtimes (the default is facts.runtimeName). */
  runtimes: Array<{ name: string; path: string }>;
  debug: boolean;
  /** `--userns-remap` is on. */
  userns?: boolean;
}

/** `GET /info` in Docker's shape (the fields the docker CLI prints, plus the ones clients read). */
export function buildInfo(i: InfoInputs): Record<string, unknown> {
  const { facts } = i;
  return {
    ID: facts.id,
    Containers: i.counts.containers,
    ContainersRunning: i.counts.running,
    ContainersPaused: i.counts.paused,
    ContainersStopped: i.counts.stopped,
    Images: i.images,
    Driver: 'overlay2',
    DriverStatus: [['Backing Filesystem', 'extfs'], ['Supports d_type', 'true'], ['Using metacopy', 'false'], ['Native Overlay Diff', 'true']],
    Plugins: { Volume: ['local'], Network: ['bridge', 'host', 'null'], Authorization: null, Log: ['k8s-file'] },
    MemoryLimit: true,
    SwapLimit: true,
    CpuCfsPeriod: true,
    CpuCfsQuota: true,
    CPUShares: true,
    CPUSet: true,
    PidsLimit: true,
    IPv4Forwarding: true,
    Debug: i.debug,
    NFd: 0,
    OomKillDisable: true,
    NGoroutines: 0,
    SystemTime: new Date().toISOString(),
    LoggingDriver: 'k8s-file',
    CgroupDriver: 'cgroupfs',
    CgroupVersion: facts.cgroupVersion,
    NEventsListener: 0,
    KernelVersion: facts.kernelVersion,
    OperatingSystem: facts.operatingSystem,
    OSVersion: facts.osVersion,
    OSType: osType() === 'Linux' ? 'linux' : osType().toLowerCase(),
    Architecture: arch() === 'x64' ? 'x86_64' : arch(),
    IndexServerAddress: 'https://index.docker.io/v1/',
    RegistryConfig: { IndexConfigs: {}, InsecureRegistryCIDRs: ['127.0.0.0/8'], Mirrors: [] },
    NCPU: cpus().length,
    MemTotal: totalmem(),
    DockerRootDir: i.dataRoot,
    HttpProxy: '',
    HttpsProxy: '',
    NoProxy: '',
    Name: hostname(),
    Labels: [],
    ExperimentalBuild: false,
    Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
    ServerVersion: BERTH_VERSION,
    Runtimes: Object.fromEntries(i.runtimes.map((r) => [r.name, { path: r.path }])),
    DefaultRuntime: facts.runtimeName,
    LiveRestoreEnabled: true,
    Isolation: '',
    InitBinary: 'docker-init',
    ContainerdCommit: { ID: '' },
    RuncCommit: { ID: facts.runtimeCommit },
    InitCommit: { ID: '' },
    SecurityOptions: [...(facts.apparmor ? ['name=apparmor'] : []), 'name=seccomp,profile=builtin', ...(i.userns ? ['name=userns'] : [])],
    Warnings: [],
  };
}

/** `GET /version` in Docker's shape. */
export function buildVersion(facts: HostFacts): Record<string, unknown> {
  return {
    Platform: { Name: 'Berth Engine' },
    Components: [
      { Name: 'Engine', Version: BERTH_VERSION, Details: { ApiVersion: API_VERSION, MinAPIVersion: MIN_API_VERSION, Os: 'linux', Arch: 'amd64', KernelVersion: facts.kernelVersion } },
      { Name: facts.runtimeName, Version: facts.runtimeVersion, Details: { GitCommit: facts.runtimeCommit } },
    ],
    Version: BERTH_VERSION,
    ApiVersion: API_VERSION,
    MinAPIVersion: MIN_API_VERSION,
    GitCommit: '',
    GoVersion: `node${process.versions.node}`,
    Os: 'linux',
    Arch: arch() === 'x64' ? 'amd64' : arch(),
    KernelVersion: facts.kernelVersion,
    BuildTime: '',
  };
}
