// berth inspect: any object by name or ID (containers first, then images), or only the --type given.
import type { CommandModule } from '../../command.js';
import { FORMAT_JSON_USAGE } from '../../flags/flag-spec.js';
import { renderInspect } from '../../render/inspect-output.js';
import { ApiError } from '../../client/api-error.js';
import { ExitCodeError, UsageError } from '../../exit-code-error.js';

const TYPES = ['container', 'image'] as const;

export const command: CommandModule = {
  spec: {
    path: 'inspect',
    usage: '[OPTIONS] NAME|ID [NAME|ID...]',
    description: 'Return low-level information on Berth objects',
    flags: [
      { name: 'format', short: 'f', type: 'string', usage: FORMAT_JSON_USAGE },
      { name: 'size', short: 's', type: '', usage: 'Display total file sizes if the type is container' },
      { name: 'type', type: 'string', usage: 'Only inspect objects of the given type' },
    ],
    args: { min: 1, max: Infinity },
  },
  async run(ctx) {
    const type = ctx.flags.string('type');
    if (type && !(TYPES as readonly string[]).includes(type)) throw new UsageError(`"${type}" is not a valid value for --type`);
    const client = ctx.client();
    const found: unknown[] = [];
    const errors: string[] = [];
    for (const ref of ctx.args) {
      let obj: unknown;
      let typedError: ApiError | undefined;
      for (const t of type ? [type] : TYPES) {
        const path = t === 'container' ? `/containers/${encodeURIComponent(ref)}/json` : `/images/${encodeURIComponent(ref)}/json`;
        try {
          obj = await client.json('GET', path, { query: { size: t === 'container' && ctx.flags.bool('size') } });
          break;
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 404)) throw err;
          typedError = err;
        }
      }
      if (obj === undefined) errors.push(type && typedError ? typedError.toString() : `Error: No such object: ${ref}`);
      else found.push(obj);
    }
    ctx.stdout.write(renderInspect(found, ctx.flags.string('format')));
    if (errors.length > 0) throw new ExitCodeError(1, errors.join('\n'));
  },
};
