// berth image inspect: images' JSON, or --format per image.
import type { CommandModule } from '../../command.js';
import { FORMAT_JSON_USAGE } from '../../flags/flag-spec.js';
import { inspectEach } from '../inspect-each.js';
import { enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'image inspect',
    usage: '[OPTIONS] IMAGE [IMAGE...]',
    description: 'Display detailed information on one or more images',
    flags: [
      { name: 'format', short: 'f', type: 'string', usage: FORMAT_JSON_USAGE },
      { name: 'platform', type: 'string', usage: 'Inspect a specific platform of the multi-platform image.\nIf the image or the server is not multi-platform capable, the command will error out if the platform does not match.\n\'os[/arch[/variant]]\': Explicit platform (eg. linux/amd64)' },
    ],
    args: { min: 1, max: Infinity },
  },
  async run(ctx) {
    await inspectEach(ctx, (ref) => ctx.client().json('GET', `/images/${enc(ref)}/json`));
  },
};
