// berth export: a container's filesystem as a tar archive, on stdout or -o FILE.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { CommandModule } from '../../command.js';
import { ExitCodeError } from '../../exit-code-error.js';
import { enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'container export',
    usage: '[OPTIONS] CONTAINER',
    description: "Export a container's filesystem as a tar archive",
    aliases: ['container export', 'export'],
    flags: [{ name: 'output', short: 'o', type: 'string', usage: 'Write to a file, instead of STDOUT' }],
    args: { min: 1, max: 1 },
  },
  async run(ctx) {
    const file = ctx.flags.string('output');
    if (!file && ctx.stdout.isTTY) throw new ExitCodeError(1, 'cowardly refusing to save to a terminal. Use the -o flag or redirect');
    const res = await ctx.client().request('GET', `/containers/${enc(ctx.args[0]!)}/export`);
    if (!file) {
      await pipeline(res, ctx.stdout);
      return;
    }
    const tmp = `${file}.berth-tmp-${process.pid}`;
    try {
      await pipeline(res, createWriteStream(tmp));
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  },
};
