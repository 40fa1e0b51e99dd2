// berth exec: create an exec instance, then start it detached (-d) or attached over a hijacked connection
// (raw with -t, multiplexed without), keep the terminal's size in step, and exit with the process's exit code
// (read from /exec/{id}/json once the stream has ended), as docker exec does.
import type { CommandModule } from '../../command.js';
import { ExitCodeError, UsageError } from '../../exit-code-error.js';
import { enc } from '../for-each-ref.js';
import { attachStreams, detachKeysOf } from './attach-streams.js';
import { expandEnv, readKeyValueFile } from './create-request.js';
import { consoleSize, monitorSize } from './terminal.js';

export const command: CommandModule = {
  spec: {
    path: 'container exec',
    usage: '[OPTIONS] CONTAINER COMMAND [ARG...]',
    description: 'Execute a command in a running container',
    aliases: ['container exec', 'exec'],
    flags: [
      { name: 'detach', short: 'd', type: '', usage: 'Detached mode: run command in the background' },
      { name: 'detach-keys', type: 'string', usage: 'Override the key sequence for detaching a container' },
      { name: 'env', short: 'e', type: 'list', usage: 'Set environment variables' },
      { name: 'env-file', type: 'list', usage: 'Read in a file of environment variables' },
      { name: 'interactive', short: 'i', type: '', usage: 'Keep STDIN open even if not attached' },
      { name: 'privileged', type: '', usage: 'Give extended privileges to the command' },
      { name: 'tty', short: 't', type: '', usage: 'Allocate a pseudo-TTY' },
      { name: 'user', short: 'u', type: 'string', usage: 'Username or UID (format: "<name|uid>[:<group|gid>]")' },
      { name: 'workdir', short: 'w', type: 'string', usage: 'Working directory inside the container' },
    ],
    args: { min: 2, max: Infinity },
    interspersed: false,
  },
  async run(ctx) {
    const f = ctx.flags;
    const [ref, ...cmd] = ctx.args as [string, ...string[]];
    const detach = f.bool('detach');
    const tty = f.bool('tty');
    const interactive = f.bool('interactive');
    const detachKeys = f.string('detach-keys');
    detachKeysOf({ tty, detachKeys });
    for (const e of f.list('env')) if (e.startsWith('=') || e === '') throw new UsageError(`invalid argument "${e}" for "-e, --env" flag: invalid environment variable: ${e}`);
    if (tty && interactive && !detach && !ctx.stdin.isTTY) throw new ExitCodeError(1, 'the input device is not a TTY');
    const env = [...f.list('env-file').flatMap((file) => readKeyValueFile(file, true, process.env)), ...expandEnv(f.list('env'), process.env)];
    const size = tty ? consoleSize(ctx) : undefined;
    const client = ctx.client();
    const { Id: id } = await client.json<{ Id: string }>('POST', `/containers/${enc(ref)}/exec`, {
      body: {
        User: f.string('user') ?? '',
        Privileged: f.bool('privileged'),
        Tty: tty,
        AttachStdin: interactive && !detach,
        AttachStdout: !detach,
        AttachStderr: !detach,
        DetachKeys: detachKeys ?? '',
        Env: env,
        WorkingDir: f.string('workdir') ?? '',
        Cmd: cmd,
        ...(size ? { ConsoleSize: size } : {}),
      },
    });
    if (detach) {
      await client.call('POST', `/exec/${id}/start`, { body: { Detach: true, Tty: tty } });
      return 0;
    }
    const socket = await client.hijack(`/exec/${id}/start`, { body: { Detach: false, Tty: tty, ...(size ? { ConsoleSize: size } : {}) } });
    const attached = attachStreams(ctx, socket, { stdin: interactive, stdout: true, stderr: true, tty, detachKeys });
    const stopResize = tty ? monitorSize(ctx, (h, w) => client.call('POST', `/exec/${id}/resize`, { query: { h, w } })) : () => {};
    try {
      if ((await attached.done) === 'detached') return 0;
    } finally {
      stopResize();
    }
    const r = await client.json<{ ExitCode: number | null; Running: boolean }>('GET', `/exec/${id}/json`);
    return r.ExitCode ?? 0;
  },
};
