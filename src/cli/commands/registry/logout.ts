// berth logout: forget the stored credentials of a registry.
import type { CommandModule } from '../../command.js';
import { eraseCredentials, serverKey } from '../../client/docker-config.js';

export const command: CommandModule = {
  spec: {
    path: 'logout',
    usage: '[SERVER]',
    description: 'Log out from a registry',
    flags: [],
    args: { min: 0, max: 1 },
  },
  async run(ctx) {
    const key = serverKey(ctx.args[0]);
    if (!(await eraseCredentials(key))) {
      ctx.stdout.write(`Not logged in to ${key}\n`);
      return;
    }
    ctx.stdout.write(`Removing login credentials for ${key}\n`);
  },
};
