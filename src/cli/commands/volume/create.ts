// berth volume create: a named (or, without a name, anonymous-looking random) local volume; prints its name.
import type { CommandModule } from '../../command.js';
import { UsageError } from '../../exit-code-error.js';

const kv = (list: string[]) => Object.fromEntries(list.map((l) => [l.split('=')[0]!, l.includes('=') ? l.slice(l.indexOf('=') + 1) : '']));

export const command: CommandModule = {
  spec: {
    path: 'volume create',
    usage: '[OPTIONS] [VOLUME]',
    description: 'Create a volume',
    flags: [
      { name: 'driver', short: 'd', type: 'string', usage: 'Specify volume driver name', defaultText: '"local"' },
      { name: 'label', type: 'list', usage: 'Set metadata for a volume' },
      { name: 'name', type: 'string', usage: 'Specify volume name', hidden: true },
      { name: 'opt', short: 'o', type: 'map', usage: 'Set driver specific options (default map[])' },
    ],
    args: { min: 0, max: 1 },
  },
  async run(ctx) {
    const f = ctx.flags;
    if (ctx.args[0] && f.string('name') && ctx.args[0] !== f.string('name')) {
      throw new UsageError(`conflicting options: cannot specify a volume-name through both --name and as a positional arg`);
    }
    const r = await ctx.client().json<{ Name: string }>('POST', '/volumes/create', {
      body: { Name: ctx.args[0] ?? f.string('name') ?? '', Driver: f.string('driver') ?? 'local', DriverOpts: kv(f.list('opt')), Labels: kv(f.list('label')) },
    });
    ctx.stdout.write(`${r.Name}\n`);
  },
};
