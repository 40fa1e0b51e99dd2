// berth logs: the container's output from its log, demultiplexed to stdout/stderr; -f follows until it exits.
import type { CommandModule } from '../../command.js';
import { demultiplex, copyRaw } from '../../client/stdcopy.js';
import { enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'container logs',
    usage: '[OPTIONS] CONTAINER',
    description: 'Fetch the logs of a container',
    aliases: ['container logs', 'logs'],
    flags: [
      { name: 'details', type: '', usage: 'Show extra details provided to logs' },
      { name: 'follow', short: 'f', type: '', usage: 'Follow log output' },
      { name: 'since', type: 'string', usage: 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
      { name: 'tail', short: 'n', type: 'string', usage: 'Number of lines to show from the end of the logs', defaultText: '"all"' },
      { name: 'timestamps', short: 't', type: '', usage: 'Show timestamps' },
      { name: 'until', type: 'string', usage: 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
    ],
    args: { min: 1, max: 1 },
  },
  async run(ctx) {
    const f = ctx.flags;
    const client = ctx.client();
    const c = await client.json<{ Id: string; Config: { Tty?: boolean } }>('GET', `/containers/${enc(ctx.args[0]!)}/json`);
    const res = await client.request('GET', `/containers/${c.Id}/logs`, {
      query: {
        stdout: true,
        stderr: true,
        follow: f.bool('follow'),
        timestamps: f.bool('timestamps'),
        details: f.bool('details'),
        tail: f.string('tail') ?? 'all',
        since: f.string('since'),
        until: f.string('until'),
      },
    });
    if (c.Config.Tty) await copyRaw(res, ctx.stdout);
    else await demultiplex(res, ctx.stdout, ctx.stderr);
  },
};
