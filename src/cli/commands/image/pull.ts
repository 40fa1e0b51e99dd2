// berth pull: download an image from a registry, with docker's flags and progress output.
import type { CommandModule } from '../../command.js';
import { Writable } from 'node:stream';
import { displayJsonMessages } from '../../client/json-messages.js';
import { registryAuthFor } from '../../client/docker-config.js';

export const command: CommandModule = {
  spec: {
    path: 'image pull',
    usage: '[OPTIONS] NAME[:TAG|@DIGEST]',
    description: 'Download an image from a registry',
    aliases: ['image pull', 'pull'],
    flags: [
      { name: 'all-tags', short: 'a', type: '', usage: 'Download all tagged images in the repository' },
      { name: 'platform', type: 'string', usage: 'Set platform if server is multi-platform capable' },
      { name: 'quiet', short: 'q', type: '', usage: 'Suppress verbose output' },
      { name: 'disable-content-trust', type: '', usage: 'Skip image verification', defaultText: 'true', hidden: true },
    ],
    args: { min: 1, max: 1 },
  },
  async run(ctx) {
    const name = ctx.args[0]!;
    const all = ctx.flags.bool('all-tags');
    const last = name.slice(name.lastIndexOf('/') + 1);
    const hasTag = name.includes('@') || last.includes(':');
    if (all && hasTag) throw new Error('tag can\'t be used with --all-tags/-a');
    const reference = all || hasTag ? name : `${name}:latest`;
    const auth = await registryAuthFor(name);
    const res = await ctx.client().request('POST', '/images/create', {
      query: { fromImage: reference, tag: all ? '' : undefined, platform: ctx.flags.string('platform') || undefined },
      headers: auth ? { 'X-Registry-Auth': auth } : {},
    });
    const quiet = ctx.flags.bool('quiet');
    await displayJsonMessages(res, quiet ? discard() : ctx.stdout);
    if (quiet) ctx.stdout.write(`${familiar(reference)}\n`);
  },
};

const discard = () => new Writable({ write: (_c, _e, cb) => cb() });

/** docker prints the familiar, normalised reference (`busybox:latest`, `127.0.0.1:5000/a:1`). */
function familiar(ref: string): string {
  return ref.replace(/^docker\.io\/(library\/)?/, '');
}
