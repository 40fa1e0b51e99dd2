// berth top CONTAINER [ps OPTIONS]: the container's processes as the host's ps shows them, in docker's table
// (tabwriter 20/1/3).
import type { CommandModule } from '../../command.js';
import { enc } from '../for-each-ref.js';
import { tabwrite } from '../../render/tabwriter.js';

export const command: CommandModule = {
  spec: {
    path: 'container top',
    usage: 'CONTAINER [ps OPTIONS]',
    description: 'Display the running processes of a container',
    aliases: ['container top', 'top'],
    flags: [],
    args: { min: 1, max: Infinity },
    interspersed: false,
  },
  async run(ctx) {
    const [ref, ...ps] = ctx.args as [string, ...string[]];
    const r = await ctx.client().json<{ Titles: string[]; Processes: string[][] | null }>('GET', `/containers/${enc(ref)}/top`, {
      query: ps.length ? { ps_args: ps.join(' ') } : {},
    });
    const lines = [r.Titles.join('\t'), ...(r.Processes ?? []).map((p) => p.join('\t'))];
    ctx.stdout.write(tabwrite(`${lines.join('\n')}\n`, { minWidth: 20, padding: 3 }));
  },
};
