// berth load: load images from a docker-archive or OCI-layout tar on stdin or -i FILE.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { CommandModule } from '../../command.js';
import { displayJsonMessages } from '../../client/json-messages.js';
import { ExitCodeError } from '../../exit-code-error.js';

export const command: CommandModule = {
  spec: {
    path: 'image load',
    usage: '[OPTIONS]',
    description: 'Load an image from a tar archive or STDIN',
    aliases: ['image load', 'load'],
    flags: [
      { name: 'input', short: 'i', type: 'string', usage: 'Read from tar archive file, instead of STDIN' },
      { name: 'platform', type: 'string', usage: 'Load only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")' },
      { name: 'quiet', short: 'q', type: '', usage: 'Suppress the load output' },
    ],
    args: { min: 0, max: 0 },
  },
  async run(ctx) {
    const file = ctx.flags.string('input');
    if (file) {
      await open(file).then((h) => h.close(), (err: NodeJS.ErrnoException) => {
        throw new ExitCodeError(1, `open ${file}: ${err.code === 'ENOENT' ? 'no such file or directory' : err.message}`);
      });
    } else if (ctx.stdin.isTTY) {
      throw new ExitCodeError(1, 'requested load from stdin, but stdin is empty');
    }
    const input = file ? createReadStream(file) : ctx.stdin;
    const quiet = ctx.flags.bool('quiet');
    const res = await ctx.client().request('POST', '/images/load', { query: { quiet }, input, contentType: 'application/x-tar' });
    await displayJsonMessages(res, ctx.stdout);
  },
};
