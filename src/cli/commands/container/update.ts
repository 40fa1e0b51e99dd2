// berth update: new resource limits and restart policy for containers, applied live by the daemon.
import type { CommandModule } from '../../command.js';
import { UsageError } from '../../exit-code-error.js';
import { forEachRef, enc } from '../for-each-ref.js';
import { parseBytes, parseNanoCpus, parseRestartPolicy } from './update-flags.js';

function flagValue<T>(name: string, v: string, parse: (v: string) => T): T {
  try {
    return parse(v);
  } catch (err) {
    throw new UsageError(`invalid argument "${v}" for "--${name}" flag: ${(err as Error).message}`);
  }
}

export const command: CommandModule = {
  spec: {
    path: 'container update',
    usage: '[OPTIONS] CONTAINER [CONTAINER...]',
    description: 'Update configuration of one or more containers',
    aliases: ['container update', 'update'],
    flags: [
      { name: 'blkio-weight', type: 'uint16', usage: 'Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)' },
      { name: 'cpu-period', type: 'int', usage: 'Limit CPU CFS (Completely Fair Scheduler) period' },
      { name: 'cpu-quota', type: 'int', usage: 'Limit CPU CFS (Completely Fair Scheduler) quota' },
      { name: 'cpu-shares', short: 'c', type: 'int', usage: 'CPU shares (relative weight)' },
      { name: 'cpus', type: 'decimal', usage: 'Number of CPUs' },
      { name: 'cpuset-cpus', type: 'string', usage: 'CPUs in which to allow execution (0-3, 0,1)' },
      { name: 'cpuset-mems', type: 'string', usage: 'MEMs in which to allow execution (0-3, 0,1)' },
      { name: 'memory', short: 'm', type: 'bytes', usage: 'Memory limit' },
      { name: 'memory-reservation', type: 'bytes', usage: 'Memory soft limit' },
      { name: 'memory-swap', type: 'bytes', usage: "Swap limit equal to memory plus swap: -1 to enable unlimited swap" },
      { name: 'pids-limit', type: 'int', usage: 'Tune container pids limit (set -1 for unlimited)' },
      { name: 'restart', type: 'string', usage: 'Restart policy to apply when a container exits' },
    ],
    args: { min: 1, max: Infinity },
  },
  async run(ctx) {
    const f = ctx.flags;
    const str = (n: string) => f.string(n) || undefined;
    const body: Record<string, unknown> = {};
    const bytes = (flag: string, field: string) => {
      const v = str(flag);
      if (v !== undefined) body[field] = flagValue(flag, v, parseBytes);
    };
    bytes('memory', 'Memory');
    bytes('memory-swap', 'MemorySwap');
    bytes('memory-reservation', 'MemoryReservation');
    const cpus = str('cpus');
    if (cpus !== undefined) body.NanoCpus = flagValue('cpus', cpus, parseNanoCpus);
    const ints: Array<[string, string]> = [['cpu-shares', 'CpuShares'], ['cpu-period', 'CpuPeriod'], ['cpu-quota', 'CpuQuota'], ['pids-limit', 'PidsLimit'], ['blkio-weight', 'BlkioWeight']];
    for (const [flag, field] of ints) {
      const v = str(flag);
      if (v !== undefined) body[field] = flagValue(flag, v, (s) => {
        if (!/^-?\d+$/.test(s)) throw new Error('invalid syntax');
        return Number(s);
      });
    }
    if (str('cpuset-cpus') !== undefined) body.CpusetCpus = str('cpuset-cpus');
    if (str('cpuset-mems') !== undefined) body.CpusetMems = str('cpuset-mems');
    const restart = str('restart');
    if (restart !== undefined) body.RestartPolicy = flagValue('restart', restart, parseRestartPolicy);
    if (Object.keys(body).length === 0) throw new UsageError('you must provide one or more flags when using this command');
    await forEachRef(ctx, ctx.args, (ref) => ctx.client().json('POST', `/containers/${enc(ref)}/update`, { body }));
  },
};
