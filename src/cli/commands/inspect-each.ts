// docker's `inspect` pattern for any object kind: fetch each reference in order, print the ones found as one JSON
// array (or --format per object), then the "Error response from daemon: …" lines of the others, exit 1 if any.
import type { CommandContext } from '../command.js';
import { renderInspect } from '../render/inspect-output.js';
import { ApiError } from '../client/api-error.js';
import { ExitCodeError } from '../exit-code-error.js';

export async function inspectEach(ctx: CommandContext, fetch: (ref: string) => Promise<unknown>): Promise<void> {
  const found: unknown[] = [];
  const errors: string[] = [];
  for (const ref of ctx.args) {
    try {
      found.push(await fetch(ref));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      errors.push(err.toString());
    }
  }
  ctx.stdout.write(renderInspect(found, ctx.flags.string('format')));
  if (errors.length > 0) throw new ExitCodeError(1, errors.join('\n'));
}
