// berth wait: block until containers stop and print their exit codes.
import type { CommandModule } from '../../command.js';
import { forEachRef, enc } from '../for-each-ref.js';
import { ApiError } from '../../client/api-error.js';

export const command: CommandModule = {
  spec: {
    path: 'container wait',
    usage: 'CONTAINER [CONTAINER...]',
    description: 'Block until one or more containers stop, then print their exit codes',
    aliases: ['container wait', 'wait'],
    flags: [],
    args: { min: 1, max: Infinity },
  },
  async run(ctx) {
    await forEachRef(
      ctx,
      ctx.args,
      async (ref) => {
        const r = await ctx.client().json<{ StatusCode: number } | undefined>('POST', `/containers/${enc(ref)}/wait`);
        if (!r) throw new ApiError(500, 'EOF', true); // the answer ended before its body (docker says "EOF")
        return r;
      },
      { render: (_ref, r) => String((r as { StatusCode: number }).StatusCode) },
    );
  },
};
