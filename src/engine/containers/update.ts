// `POST /containers/{id}/update`: new resource limits and restart policy. The limits are checked as at create,
// written into the running container's cgroup live (runc update), and kept in HostConfig for the next starts.
import { BerthError, invalidArgument } from '../../errors.js';
import { ociResources } from '../../runtime/spec/resources.js';
import type { ContainerService } from './container-service.js';
import type { DockerHostConfig } from './container-record.js';
import { runtimeOptions } from './runtime-options.js';

const UPDATABLE = ['Memory', 'MemorySwap', 'MemoryReservation', 'NanoCpus', 'CpuQuota', 'CpuPeriod', 'CpuShares', 'CpusetCpus', 'CpusetMems', 'PidsLimit', 'BlkioWeight'] as const;

export interface UpdateRequest extends Partial<Record<(typeof UPDATABLE)[number], unknown>> {
  RestartPolicy?: { Name?: string; MaximumRetryCount?: number };
}

const POLICIES = ['', 'no', 'always', 'unless-stopped', 'on-failure'];

/** The HostConfig after the update (the request's non-zero fields over the current ones); throws Docker's 400s. Pure. */
export function updatedHostConfig(current: DockerHostConfig, req: UpdateRequest): DockerHostConfig {
  const next: DockerHostConfig = { ...current };
  for (const k of UPDATABLE) {
    const v = req[k];
    if (v === undefined || v === null || v === 0 || v === '') continue;
    next[k] = v;
  }
  if (typeof req.NanoCpus === 'number' && req.NanoCpus > 0) {
    next.CpuQuota = 0;
    next.CpuPeriod = 0;
  }
  if ((typeof req.CpuQuota === 'number' && req.CpuQuota > 0) || (typeof req.CpuPeriod === 'number' && req.CpuPeriod > 0)) next.NanoCpus = 0;
  const mem = typeof req.Memory === 'number' ? req.Memory : 0;
  const oldSwap = typeof current.MemorySwap === 'number' ? current.MemorySwap : 0;
  if (mem > 0 && req.MemorySwap === undefined && oldSwap > 0 && mem > oldSwap) {
    throw invalidArgument('Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time');
  }
  const policy = req.RestartPolicy;
  if (policy && (policy.Name !== undefined || policy.MaximumRetryCount !== undefined)) {
    const name = policy.Name ?? '';
    if (!POLICIES.includes(name)) throw invalidArgument(`invalid restart policy '${name}'`);
    if (name !== 'on-failure' && (policy.MaximumRetryCount ?? 0) > 0) throw invalidArgument(`invalid restart policy: maximum retry count can only be used with 'on-failure'`);
    if ((policy.MaximumRetryCount ?? 0) < 0) throw invalidArgument('invalid restart policy: maximum retry count cannot be negative');
    if (current.AutoRemove === true && name !== '' && name !== 'no') {
      throw invalidArgument('Restart policy cannot be updated because AutoRemove is enabled for the container');
    }
    next.RestartPolicy = { Name: name || 'no', MaximumRetryCount: policy.MaximumRetryCount ?? 0 };
  }
  runtimeOptions(next); // Docker's checks of the limits
  return next;
}

export async function updateContainer(svc: ContainerService, ref: string, req: UpdateRequest): Promise<{ Warnings: string[] }> {
  const rec = svc.resolve(ref);
  return svc.locks.run(rec.id, async () => {
    if (rec.state.status === 'removing' || rec.state.status === 'dead') throw new BerthError('conflict', 'ERR_CONTAINER_STATE', `Cannot update container ${rec.id}: container is marked for removal and cannot be "update"`);
    const next = updatedHostConfig(rec.hostConfig, req);
    if (rec.state.status === 'running' || rec.state.status === 'paused') {
      const resources = ociResources(runtimeOptions(next).resources ?? {});
      try {
        await svc.runtime(rec).update(rec.id, resources);
      } catch (err) {
        throw new BerthError('internal', 'ERR_UPDATE', `Cannot update container ${rec.id}: ${(err as Error).message}`, { cause: err });
      }
    }
    rec.hostConfig = next;
    await svc.save(rec);
    svc.emit(rec, 'update');
    return { Warnings: [] };
  });
}
