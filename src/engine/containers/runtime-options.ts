// The HostConfig fields that shape the runtime spec: capabilities, resource limits, ulimits, read-only rootfs,
// --init. Computed (and so validated, with Docker's errors) at create, and again when the spec is built at start.
import { capabilities } from '../../runtime/spec/capabilities.js';
import { ociResources, rlimits, type ResourceLimits, type Ulimit } from '../../runtime/spec/resources.js';
import type { SpecInput } from '../../runtime/spec/build-spec.js';
import type { DockerHostConfig } from './container-record.js';

/**
 * tini, statically linked (Debian's tini package, which setup installs), bind-mounted at /dev/init. dockerd's
 * docker-init is a link to the same file, but it comes with the docker.io package, which a Berth host need not have.
 */
export const INIT_BINARY = '/usr/bin/tini-static';

type RuntimeOptions = Pick<SpecInput, 'capabilities' | 'resources' | 'ulimits' | 'readonlyRootfs' | 'initBinary'>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export function runtimeOptions(hc: DockerHostConfig): RuntimeOptions {
  const resources: ResourceLimits = {
    memory: num(hc.Memory),
    memorySwap: num(hc.MemorySwap),
    memoryReservation: num(hc.MemoryReservation),
    nanoCpus: num(hc.NanoCpus),
    cpuQuota: num(hc.CpuQuota),
    cpuPeriod: num(hc.CpuPeriod),
    cpuShares: num(hc.CpuShares),
    cpusetCpus: typeof hc.CpusetCpus === 'string' && hc.CpusetCpus ? hc.CpusetCpus : undefined,
    cpusetMems: typeof hc.CpusetMems === 'string' && hc.CpusetMems ? hc.CpusetMems : undefined,
    pidsLimit: num(hc.PidsLimit),
    oomKillDisable: hc.OomKillDisable === true,
  };
  const ulimits = Array.isArray(hc.Ulimits) ? (hc.Ulimits as Ulimit[]) : [];
  const out: RuntimeOptions = {
    capabilities: capabilities(strings(hc.CapAdd), strings(hc.CapDrop), hc.Privileged === true),
    resources,
    ulimits,
    readonlyRootfs: hc.ReadonlyRootfs === true,
    initBinary: hc.Init === true ? INIT_BINARY : undefined,
  };
  // the checks that need no running container: Docker's 400s at create
  ociResources(resources);
  rlimits(ulimits, Number.MAX_SAFE_INTEGER);
  return out;
}
