// berth attach: connect our stdio to a running container's, until it exits; exit with its code.
import type { CommandModule } from '../../command.js';
import { ExitCodeError } from '../../exit-code-error.js';
import { enc } from '../for-each-ref.js';
import { attachContainer, detachKeysOf, proxySignals } from './attach-streams.js';
import { monitorSize } from './terminal.js';

interface Inspect {
  Id: string;
  State: { Running?: boolean; Paused?: boolean; Restarting?: boolean };
  Config: { OpenStdin?: boolean; Tty?: boolean };
}

export const command: CommandModule = {
  spec: {
    path: 'container attach',
    usage: '[OPTIONS] CONTAINER',
    description: 'Attach local standard input, output, and error streams to a running container',
    aliases: ['container attach', 'attach'],
    flags: [
      { name: 'detach-keys', type: 'string', usage: 'Override the key sequence for detaching a container' },
      { name: 'no-stdin', type: '', usage: 'Do not attach STDIN' },
      { name: 'sig-proxy', type: '', usage: 'Proxy all received signals to the process', defaultText: 'true' },
    ],
    args: { min: 1, max: 1 },
  },
  async run(ctx) {
    const client = ctx.client();
    const c = await client.json<Inspect>('GET', `/containers/${enc(ctx.args[0]!)}/json`);
    if (!c.State.Running) throw new ExitCodeError(1, 'You cannot attach to a stopped container, start it first');
    if (c.State.Paused) throw new ExitCodeError(1, 'You cannot attach to a paused container, unpause it first');
    if (c.State.Restarting) throw new ExitCodeError(1, 'You cannot attach to a restarting container, wait until it is running');
    const stdin = c.Config.OpenStdin === true && !ctx.flags.bool('no-stdin');
    const tty = c.Config.Tty === true;
    const detachKeys = ctx.flags.string('detach-keys');
    detachKeysOf({ tty, detachKeys });
    if (tty && stdin && !ctx.stdin.isTTY) throw new ExitCodeError(1, 'the input device is not a TTY');
    const attached = await attachContainer(ctx, c.Id, { stdin, stdout: true, stderr: true, tty, detachKeys });
    const stop = ctx.flags.bool('sig-proxy') && !tty ? proxySignals(ctx, c.Id) : () => {};
    const stopResize = tty ? monitorSize(ctx, (h, w) => client.call('POST', `/containers/${c.Id}/resize`, { query: { h, w } })) : () => {};
    try {
      if ((await attached.done) === 'detached') return 0;
    } finally {
      stop();
      stopResize();
    }
    const r = await client.json<{ StatusCode: number }>('POST', `/containers/${c.Id}/wait`);
    return r.StatusCode;
  },
};
