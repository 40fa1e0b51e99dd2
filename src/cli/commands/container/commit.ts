// berth commit: a container's changes become a new image; prints its ID.
import type { CommandModule } from '../../command.js';

export const command: CommandModule = {
  spec: {
    path: 'container commit',
    usage: '[OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
    description: "Create a new image from a container's changes",
    aliases: ['container commit', 'commit'],
    flags: [
      { name: 'author', short: 'a', type: 'string', usage: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")' },
      { name: 'change', short: 'c', type: 'list', usage: 'Apply Dockerfile instruction to the created image' },
      { name: 'message', short: 'm', type: 'string', usage: 'Commit message' },
      { name: 'pause', short: 'p', type: '', usage: 'Pause container during commit', defaultText: 'true' },
    ],
    args: { min: 1, max: 2 },
  },
  async run(ctx) {
    const [container, ref] = ctx.args as [string, string | undefined];
    let repo: string | undefined;
    let tag: string | undefined;
    if (ref) {
      const colon = ref.lastIndexOf(':');
      if (colon > ref.lastIndexOf('/')) [repo, tag] = [ref.slice(0, colon), ref.slice(colon + 1)];
      else repo = ref;
    }
    const f = ctx.flags;
    const res = await ctx.client().json<{ Id: string }>('POST', '/commit', {
      query: { container, repo, tag, author: f.string('author'), comment: f.string('message'), changes: f.list('change'), pause: f.bool('pause') ? '1' : '0' },
      body: {},
    });
    ctx.stdout.write(`${res.Id}\n`);
  },
};
