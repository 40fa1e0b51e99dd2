// berth import: a root filesystem tar (a file or `-` for stdin) becomes a one-layer image; prints its ID.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { CommandModule } from '../../command.js';
import { displayJsonMessages } from '../../client/json-messages.js';
import { ExitCodeError } from '../../exit-code-error.js';

export const command: CommandModule = {
  spec: {
    path: 'image import',
    usage: '[OPTIONS] file|URL|- [REPOSITORY[:TAG]]',
    description: 'Import the contents from a tarball to create a filesystem image',
    aliases: ['image import', 'import'],
    flags: [
      { name: 'change', short: 'c', type: 'list', usage: 'Apply Dockerfile instruction to the created image' },
      { name: 'message', short: 'm', type: 'string', usage: 'Set commit message for imported image' },
      { name: 'platform', type: 'string', usage: 'Set platform if server is multi-platform capable' },
    ],
    args: { min: 1, max: 2 },
  },
  async run(ctx) {
    const [source, ref] = ctx.args as [string, string | undefined];
    if (/^[a-z]+:\/\//.test(source)) throw new ExitCodeError(1, 'berth: importing from a URL is not supported by berth yet');
    if (source !== '-') {
      await open(source).then((h) => h.close(), (err: NodeJS.ErrnoException) => {
        throw new ExitCodeError(1, `open ${source}: ${err.code === 'ENOENT' ? 'no such file or directory' : err.message}`);
      });
    }
    let repo: string | undefined;
    let tag: string | undefined;
    if (ref) {
      const colon = ref.lastIndexOf(':');
      if (colon > ref.lastIndexOf('/')) [repo, tag] = [ref.slice(0, colon), ref.slice(colon + 1)];
      else repo = ref;
    }
    const input = source === '-' ? ctx.stdin : createReadStream(source);
    const res = await ctx.client().request('POST', '/images/create', {
      query: { fromSrc: '-', repo, tag, message: ctx.flags.string('message'), changes: ctx.flags.list('change'), platform: ctx.flags.string('platform') },
      input,
    });
    await displayJsonMessages(res, ctx.stdout);
  },
};
