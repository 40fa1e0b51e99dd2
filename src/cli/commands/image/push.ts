// berth push: upload an image to a registry, with docker's flags and progress output.
import type { CommandModule } from '../../command.js';
import { Writable } from 'node:stream';
import { displayJsonMessages } from '../../client/json-messages.js';
import { registryAuthFor } from '../../client/docker-config.js';
import { enc } from '../for-each-ref.js';

/** docker CLI 28 sends `--platform` to push as an OCI platform in JSON. */
function platformJson(spec: string | undefined): string | undefined {
  if (!spec) return undefined;
  const [os, architecture, variant] = spec.includes('/') ? spec.split('/') : ['linux', spec];
  return JSON.stringify({ architecture, os, ...(variant ? { variant } : {}) });
}

export const command: CommandModule = {
  spec: {
    path: 'image push',
    usage: '[OPTIONS] NAME[:TAG]',
    description: 'Upload an image to a registry',
    aliases: ['image push', 'push'],
    flags: [
      { name: 'all-tags', short: 'a', type: '', usage: 'Push all tags of an image to the repository' },
      { name: 'platform', type: 'string', usage: 'Push a platform-specific manifest as a single-platform image to the registry.' },
      { name: 'quiet', short: 'q', type: '', usage: 'Suppress verbose output' },
      { name: 'disable-content-trust', type: '', usage: 'Skip image signing', defaultText: 'true', hidden: true },
    ],
    args: { min: 1, max: 1 },
  },
  async run(ctx) {
    const name = ctx.args[0]!;
    const all = ctx.flags.bool('all-tags');
    const slash = name.lastIndexOf('/');
    const colon = name.lastIndexOf(':');
    const hasTag = colon > slash;
    if (all && hasTag) throw new Error('tag can\'t be used with --all-tags/-a');
    const repo = hasTag ? name.slice(0, colon) : name;
    const tag = all ? undefined : hasTag ? name.slice(colon + 1) : 'latest';
    const auth = await registryAuthFor(name);
    const res = await ctx.client().request('POST', `/images/${enc(repo)}/push`, {
      query: { tag, platform: platformJson(ctx.flags.string('platform')) },
      headers: { 'X-Registry-Auth': auth ?? Buffer.from('{}').toString('base64url') },
    });
    const quiet = ctx.flags.bool('quiet');
    await displayJsonMessages(res, quiet ? new Writable({ write: (_c, _e, cb) => cb() }) : ctx.stdout);
    if (quiet) ctx.stdout.write(`${all ? name : `${repo}:${tag}`}\n`);
  },
};
