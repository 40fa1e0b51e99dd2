// berth container inspect: containers' JSON, or --format per container.
import type { CommandModule } from '../../command.js';
import { FORMAT_JSON_USAGE } from '../../flags/flag-spec.js';
import { inspectEach } from '../inspect-each.js';
import { enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'container inspect',
    usage: '[OPTIONS] CONTAINER [CONTAINER...]',
    description: 'Display detailed information on one or more containers',
    flags: [
      { name: 'format', short: 'f', type: 'string', usage: FORMAT_JSON_USAGE },
      { name: 'size', short: 's', type: '', usage: 'Display total file sizes' },
    ],
    args: { min: 1, max: Infinity },
  },
  async run(ctx) {
    await inspectEach(ctx, (ref) => ctx.client().json('GET', `/containers/${enc(ref)}/json`, { query: { size: ctx.flags.bool('size') } }));
  },
};
