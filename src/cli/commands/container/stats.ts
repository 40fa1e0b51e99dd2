// berth stats: live resource usage of containers (running ones, or -a all, or those named), as a table or a
// --format template; --no-stream prints once.
import type { CommandContext, CommandModule } from '../../command.js';
import { enc } from '../for-each-ref.js';
import { renderList } from '../../render/list-format.js';
import { ApiError } from '../../client/api-error.js';
import { ExitCodeError } from '../../exit-code-error.js';
import { statsRow, STATS_HEADERS, STATS_TABLE, type StatsJson, type StatsRow } from './stats-row.js';

export const command: CommandModule = {
  spec: {
    path: 'container stats',
    usage: '[OPTIONS] [CONTAINER...]',
    description: 'Display a live stream of container(s) resource usage statistics',
    aliases: ['container stats', 'stats'],
    flags: [
      { name: 'all', short: 'a', type: '', usage: 'Show all containers (default shows just running)' },
      { name: 'format', type: 'string', usage: 'Format output using a custom template:\n\'table\':            Print output in table format with column headers (default)\n\'table TEMPLATE\':   Print output in table format using the given Go template\n\'json\':             Print in JSON format\n\'TEMPLATE\':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates' },
      { name: 'no-stream', type: '', usage: 'Disable streaming stats and only pull the first result' },
      { name: 'no-trunc', type: '', usage: "Do not truncate output" },
    ],
    args: { min: 0, max: Infinity },
  },
  async run(ctx) {
    const format = ctx.flags.string('format');
    const once = ctx.flags.bool('no-stream');
    for (;;) {
      const rows = await collect(ctx);
      const text = renderList(rows, { format, defaultTable: STATS_TABLE, headers: STATS_HEADERS });
      ctx.stdout.write(once ? text : `\x1b[2J\x1b[H${text}`);
      if (once) return;
      await new Promise((r) => setTimeout(r, 900));
    }
  },
};

async function collect(ctx: CommandContext): Promise<StatsRow[]> {
  const refs = ctx.args.length
    ? ctx.args
    : (await ctx.client().json<Array<{ Id: string }>>('GET', '/containers/json', { query: { all: ctx.flags.bool('all') } })).map((c) => c.Id);
  const results = await Promise.all(refs.map(async (ref) => {
    try {
      const s = await ctx.client().json<StatsJson>('GET', `/containers/${enc(ref)}/stats`, { query: { stream: '0' } });
      const row = statsRow(ref, s);
      if (ctx.flags.bool('no-trunc')) row.ID = s.id;
      return row;
    } catch (err) {
      if (err instanceof ApiError && ctx.args.length) throw new ExitCodeError(1, `Error response from daemon: ${err.message}`);
      return undefined;
    }
  }));
  return results.filter((r): r is StatsRow => r !== undefined);
}
