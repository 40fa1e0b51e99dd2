// berth rm: remove containers (-f kills running ones first and ignores missing ones, as docker does).
import type { CommandModule } from '../../command.js';
import { forEachRef, enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'container rm',
    usage: '[OPTIONS] CONTAINER [CONTAINER...]',
    description: 'Remove one or more containers',
    aliases: ['container rm', 'container remove', 'rm'],
    flags: [
      { name: 'force', short: 'f', type: '', usage: 'Force the removal of a running container (uses SIGKILL)' },
      { name: 'link', short: 'l', type: '', usage: 'Remove the specified link' },
      { name: 'volumes', short: 'v', type: '', usage: 'Remove anonymous volumes associated with the container' },
    ],
    args: { min: 1, max: Infinity },
  },
  async run(ctx) {
    const force = ctx.flags.bool('force');
    const query = { force, v: ctx.flags.bool('volumes'), link: ctx.flags.bool('link') };
    await forEachRef(ctx, ctx.args, (ref) => ctx.client().call('DELETE', `/containers/${enc(ref)}`, { query }), {
      tolerate: (err) => force && err.status === 404 && /^No such container/.test(err.message),
    });
  },
};
