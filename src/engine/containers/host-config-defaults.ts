// The HostConfig values dockerd fills in at create when the client leaves them empty (daemon's
// adaptContainerSettings and create defaults), so `inspect` shows what the container really gets.
import type { DockerHostConfig } from './container-record.js';

export const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

export interface HostConfigDefaultsOptions {
  /** The log driver the container's log is written with. */
  logDriver: string;
  /** `host` with cgroup v1 controllers (this machine's case), `private` on a unified cgroup v2 host. */
  cgroupnsMode: 'host' | 'private';
  runtime: string;
}

const empty = (v: unknown) => v === undefined || v === null || v === '' || v === 0;

export function withHostConfigDefaults(hc: DockerHostConfig, o: HostConfigDefaultsOptions): DockerHostConfig {
  const out: DockerHostConfig = { ...hc };
  if (empty(out.NetworkMode)) out.NetworkMode = 'default';
  const log = (out.LogConfig ?? {}) as { Type?: string; Config?: Record<string, string> | null };
  out.LogConfig = { Type: log.Type || o.logDriver, Config: log.Config ?? {} };
  if (empty(out.ShmSize)) out.ShmSize = DEFAULT_SHM_SIZE;
  if (empty(out.IpcMode)) out.IpcMode = 'private';
  if (empty(out.CgroupnsMode)) out.CgroupnsMode = o.cgroupnsMode;
  if (empty(out.Runtime)) out.Runtime = o.runtime;
  if (!out.RestartPolicy || empty(out.RestartPolicy.Name)) out.RestartPolicy = { Name: 'no', MaximumRetryCount: out.RestartPolicy?.MaximumRetryCount ?? 0 };
  if (typeof out.Memory === 'number' && out.Memory > 0 && empty(out.MemorySwap)) out.MemorySwap = out.Memory * 2;
  return out;
}
