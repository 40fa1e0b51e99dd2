// berth login: check credentials with the daemon (POST /auth) and store them in docker's config.json.
import type { CommandModule } from '../../command.js';
import { storeCredentials, serverKey, getCredentials } from '../../client/docker-config.js';
import { ExitCodeError } from '../../exit-code-error.js';

export const command: CommandModule = {
  spec: {
    path: 'login',
    usage: '[OPTIONS] [SERVER]',
    description: 'Authenticate to a registry',
    flags: [
      { name: 'password', short: 'p', type: 'string', usage: 'Password or Personal Access Token (PAT)' },
      { name: 'password-stdin', type: '', usage: 'Take the Password or Personal Access Token (PAT) from stdin' },
      { name: 'username', short: 'u', type: 'string', usage: 'Username' },
    ],
    args: { min: 0, max: 1 },
  },
  async run(ctx) {
    const key = serverKey(ctx.args[0]);
    let username = ctx.flags.string('username');
    let password = ctx.flags.string('password');
    if (ctx.flags.bool('password-stdin')) {
      if (password) throw new ExitCodeError(1, '--password and --password-stdin are mutually exclusive');
      if (!username) throw new ExitCodeError(1, 'Must provide --username with --password-stdin');
      const chunks: Buffer[] = [];
      for await (const c of ctx.stdin) chunks.push(c as Buffer);
      password = Buffer.concat(chunks).toString().replace(/\r?\n$/, '');
    } else if (password) {
      ctx.stderr.write('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
    }
    if (!username || !password) {
      const stored = await getCredentials(key);
      username ||= stored?.username;
      password ||= stored?.password;
    }
    if (!username || !password) throw new ExitCodeError(1, 'Error: Cannot perform an interactive login from a non TTY device');
    const res = await ctx.client().json<{ Status?: string; IdentityToken?: string }>('POST', '/auth', {
      body: { username, password, serveraddress: key },
    });
    if (res?.IdentityToken) await storeCredentials({ serveraddress: key, identitytoken: res.IdentityToken });
    else await storeCredentials({ serveraddress: key, username, password });
    ctx.stdout.write(`${res?.Status ?? 'Login Succeeded'}\n`);
  },
};
