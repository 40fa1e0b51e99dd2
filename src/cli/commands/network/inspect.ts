// berth network inspect: networks' JSON (with their attached containers), or --format per network.
import type { CommandModule } from '../../command.js';
import { FORMAT_JSON_USAGE } from '../../flags/flag-spec.js';
import { inspectEach } from '../inspect-each.js';
import { enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'network inspect',
    usage: '[OPTIONS] NETWORK [NETWORK...]',
    description: 'Display detailed information on one or more networks',
    flags: [
      { name: 'format', short: 'f', type: 'string', usage: FORMAT_JSON_USAGE },
      { name: 'verbose', short: 'v', type: '', usage: 'Verbose output for diagnostics' },
    ],
    args: { min: 1, max: Infinity },
  },
  async run(ctx) {
    await inspectEach(ctx, (ref) => ctx.client().json('GET', `/networks/${enc(ref)}`));
  },
};
