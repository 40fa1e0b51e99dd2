// berth rmi / image rm: untag and delete images, printing docker's "Untagged:" / "Deleted:" lines.
import type { CommandModule } from '../../command.js';
import { ApiError } from '../../client/api-error.js';
import { ExitCodeError } from '../../exit-code-error.js';
import { enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'image rm',
    usage: '[OPTIONS] IMAGE [IMAGE...]',
    description: 'Remove one or more images',
    aliases: ['image rm', 'image remove', 'rmi'],
    flags: [
      { name: 'force', short: 'f', type: '', usage: 'Force removal of the image' },
      { name: 'no-prune', type: '', usage: 'Do not delete untagged parents' },
      { name: 'platform', type: 'strings', usage: 'Remove only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")' },
    ],
    args: { min: 1, max: Infinity },
  },
  async run(ctx) {
    const query = { force: ctx.flags.bool('force'), noprune: ctx.flags.bool('no-prune') };
    const errors: string[] = [];
    for (const ref of ctx.args) {
      try {
        const items = await ctx.client().json<{ Untagged?: string; Deleted?: string }[]>('DELETE', `/images/${enc(ref)}`, { query });
        for (const it of items ?? []) ctx.stdout.write(it.Deleted ? `Deleted: ${it.Deleted}\n` : `Untagged: ${it.Untagged}\n`);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        errors.push(err.toString());
      }
    }
    if (errors.length > 0) throw new ExitCodeError(1, errors.join('\n'));
  },
};
