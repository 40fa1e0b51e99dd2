// berth tag: give an image another name.
import type { CommandModule } from '../../command.js';
import { enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'image tag',
    usage: 'SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
    description: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
    aliases: ['image tag', 'tag'],
    flags: [],
    args: { min: 2, max: 2 },
  },
  async run(ctx) {
    const [source, target] = ctx.args as [string, string];
    const noDigest = target.split('@')[0]!;
    const colon = noDigest.lastIndexOf(':');
    const hasTag = colon > noDigest.lastIndexOf('/');
    const repo = hasTag ? noDigest.slice(0, colon) : noDigest;
    const tag = hasTag ? noDigest.slice(colon + 1) : undefined;
    await ctx.client().call('POST', `/images/${enc(source)}/tag`, { query: { repo, tag } });
  },
};
