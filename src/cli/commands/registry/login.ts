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
    if (!username || !password) {
      if (!ctx.stdin.isTTY) throw new ExitCodeError(1, 'Error: Cannot perform an interactive login from a non TTY device');
      if (!username) username = (await prompt(ctx.stdin, ctx.stdout, 'Username: ', true)).trim();
      if (!username) throw new ExitCodeError(1, 'Error: Non-null Username Required');
      password = await prompt(ctx.stdin, ctx.stdout, 'Password: ', false);
      ctx.stdout.write('\n');
      if (!password) throw new ExitCodeError(1, 'Error: Password Required');
    }
    const res = await ctx.client().json<{ Status?: string; IdentityToken?: string }>('POST', '/auth', {
      body: { username, password, serveraddress: key },
    });
    if (res?.IdentityToken) await storeCredentials({ serveraddress: key, identitytoken: res.IdentityToken });
    else await storeCredentials({ serveraddress: key, username, password });
    ctx.stdout.write(`${res?.Status ?? 'Login Succeeded'}\n`);
  },
};

/** Reads one line from the terminal; without echo for passwords. */
function prompt(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream, question: string, echo: boolean): Promise<string> {
  stdout.write(question);
  return new Promise((resolve, reject) => {
    let line = '';
    const raw = !echo && typeof stdin.setRawMode === 'function';
    if (raw) stdin.setRawMode(true);
    const done = (err?: Error) => {
      stdin.off('data', onData);
      if (raw) stdin.setRawMode(false);
      stdin.pause();
      if (err) reject(err);
      else resolve(line);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new ExitCodeError(130, ''));
        if (ch === '\u007f' || ch === '\b') line = line.slice(0, -1);
        else line += ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}
