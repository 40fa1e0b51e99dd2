// berth diff: what a container changed in its filesystem, as docker prints it (A added, C changed, D deleted).
import type { CommandModule } from '../../command.js';
import { enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'container diff',
    usage: 'CONTAINER',
    description: "Inspect changes to files or directories on a container's filesystem",
    aliases: ['container diff', 'diff'],
    flags: [],
    args: { min: 1, max: 1 },
  },
  async run(ctx) {
    const list = await ctx.client().json<Array<{ Path: string; Kind: number }> | null>('GET', `/containers/${enc(ctx.args[0]!)}/changes`);
    const kind = ['C', 'A', 'D'];
    for (const c of list ?? []) ctx.stdout.write(`${kind[c.Kind] ?? '?'} ${c.Path}\n`);
  },
};
