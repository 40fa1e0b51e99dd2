// berth network inspect: networks' JSON (with their attached containers), or --format per network.
import type { CommandModule } from '../../command.js';
import { FORMAT_JSON_USAGE } from '../../flags/flag-spec.js';
import { renderInspect } from '../../render/inspect-output.js';
import { ApiError } from '../../client/api-error.js';
import { ExitCodeError } from '../../exit-code-error.js';
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
    const found: unknown[] = [];
    const errors: string[] = [];
    for (const ref of ctx.args) {
      try {
        found.push(await ctx.client().json('GET', `/networks/${enc(ref)}`));
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        errors.push(err.toString());
      }
    }
    ctx.stdout.write(renderInspect(found, ctx.flags.string('format')));
    if (errors.length > 0) throw new ExitCodeError(1, errors.join('\n'));
  },
};
