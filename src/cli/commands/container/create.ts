// berth create: create a container and print its ID.
import type { CommandModule } from '../../command.js';
import { CREATE_FLAGS } from './container-flags.js';
import { buildCreateRequest } from './create-request.js';
import { createContainer } from './create-container.js';
import { toStatusError } from './run-errors.js';

export const command: CommandModule = {
  spec: {
    path: 'container create',
    usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
    description: 'Create a new container',
    aliases: ['container create', 'create'],
    flags: CREATE_FLAGS,
    args: { min: 1, max: Infinity },
    interspersed: false,
  },
  async run(ctx) {
    let req;
    try {
      // docker create fills the Attach* fields as a foreground run would (and has no -d to conflict with -a).
      req = buildCreateRequest(ctx.flags, CREATE_FLAGS, ctx.args, process.env, false);
    } catch (err) {
      throw toStatusError(err, ctx.bin, 'create');
    }
    // Unlike run, a failing create is a plain daemon error (exit 1), as docker's is.
    ctx.stdout.write(`${await createContainer(ctx, req, ctx.flags.string('pull'))}\n`);
  },
};
