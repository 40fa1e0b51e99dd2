// berth network create: a user-defined bridge network (subnet, gateway, ip-range, internal, labels, options).
import type { CommandModule } from '../../command.js';
import { ExitCodeError } from '../../exit-code-error.js';

const kv = (list: string[]) => Object.fromEntries(list.map((l) => [l.split('=')[0]!, l.includes('=') ? l.slice(l.indexOf('=') + 1) : '']));

export const command: CommandModule = {
  spec: {
    path: 'network create',
    usage: '[OPTIONS] NETWORK',
    description: 'Create a network',
    flags: [
      { name: 'driver', short: 'd', type: 'string', usage: 'Driver to manage the Network (default "bridge")' },
      { name: 'gateway', type: 'strings', usage: 'IPv4 or IPv6 Gateway for the master subnet' },
      { name: 'internal', type: '', usage: 'Restrict external access to the network' },
      { name: 'ip-range', type: 'strings', usage: 'Allocate container ip from a sub-range' },
      { name: 'label', type: 'list', usage: 'Set metadata on a network' },
      { name: 'opt', short: 'o', type: 'map', usage: 'Set driver specific options (default map[])' },
      { name: 'subnet', type: 'strings', usage: 'Subnet in CIDR format that represents a network segment' },
      { name: 'attachable', type: '', usage: 'Enable manual container attachment' },
    ],
    args: { min: 1, max: 1 },
  },
  async run(ctx) {
    const f = ctx.flags;
    const subnet = f.list('subnet')[0];
    const gateway = f.list('gateway')[0];
    const ipRange = f.list('ip-range')[0];
    if ((gateway || ipRange) && !subnet) throw new ExitCodeError(1, 'Error response from daemon: every ip-range or gateway must have a corresponding subnet');
    const r = await ctx.client().json<{ Id: string }>('POST', '/networks/create', {
      body: {
        Name: ctx.args[0],
        Driver: f.string('driver') ?? 'bridge',
        Internal: f.bool('internal'),
        Attachable: f.bool('attachable'),
        Labels: kv(f.list('label')),
        Options: kv(f.list('opt')),
        IPAM: { Driver: 'default', Config: subnet ? [{ Subnet: subnet, ...(gateway ? { Gateway: gateway } : {}), ...(ipRange ? { IPRange: ipRange } : {}) }] : [] },
      },
    });
    ctx.stdout.write(`${r.Id}\n`);
  },
};
