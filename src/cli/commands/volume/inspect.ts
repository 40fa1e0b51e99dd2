// berth volume inspect: volumes' JSON, or --format per volume.
import type { CommandModule } from '../../command.js';
import { FORMAT_JSON_USAGE } from '../../flags/flag-spec.js';
import { inspectEach } from '../inspect-each.js';
import { enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'volume inspect',
    usage: '[OPTIONS] VOLUME [VOLUME...]',
    description: 'Display detailed information on one or more volumes',
    flags: [{ name: 'format', short: 'f', type: 'string', usage: FORMAT_JSON_USAGE }],
    args: { min: 1, max: Infinity },
  },
  async run(ctx) {
    await inspectEach(ctx, (ref) => ctx.client().json('GET', `/volumes/${enc(ref)}`));
  },
};
