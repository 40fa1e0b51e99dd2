// berth save: write one or more images (with their tags) to a tar archive, on stdout or -o FILE.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { CommandModule } from '../../command.js';
import { ExitCodeError } from '../../exit-code-error.js';

export const command: CommandModule = {
  spec: {
    path: 'image save',
    usage: '[OPTIONS] IMAGE [IMAGE...]',
    description: 'Save one or more images to a tar archive (streamed to STDOUT by default)',
    aliases: ['image save', 'save'],
    flags: [
      { name: 'output', short: 'o', type: 'string', usage: 'Write to a file, instead of STDOUT' },
      { name: 'platform', type: 'stringSlice', usage: 'Save only the given platform(s). Formatted as a comma-separated list of "os[/arch[/variant]]" (e.g., "linux/amd64,linux/arm64/v8")' },
    ],
    args: { min: 1, max: Infinity },
  },
  async run(ctx) {
    const file = ctx.flags.string('output');
    if (!file && ctx.stdout.isTTY) throw new ExitCodeError(1, 'cowardly refusing to save to a terminal. Use the -o flag or redirect');
    const res = await ctx.client().request('GET', '/images/get', { query: { names: ctx.args } });
    if (!file) {
      await pipeline(res, ctx.stdout);
      return;
    }
    // Written beside the target and renamed at the end: a failed save leaves no half archive behind.
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
